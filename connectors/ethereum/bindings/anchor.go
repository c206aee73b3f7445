// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// AnchorMetaData contains all meta data concerning the Anchor contract.
var AnchorMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractRelaySigners\",\"name\":\"signers_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"latest\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"seqno\",\"type\":\"uint64\"}],\"name\":\"NotNewer\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"seqno\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"time\",\"type\":\"uint64\"}],\"name\":\"Anchored\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"ANCHOR_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"seqno\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"time\",\"type\":\"uint64\"}],\"name\":\"anchorDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"latest\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"seqno\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"time\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"seqno\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"time\",\"type\":\"uint64\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"record\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"seqno\",\"type\":\"uint64\"}],\"name\":\"rootAt\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"root\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"time\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"signers\",\"outputs\":[{\"internalType\":\"contractRelaySigners\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Anchor",
	Bin: "0x610180604052348015610010575f5ffd5b50604051610b71380380610b7183398101604081905261002f9161019c565b6040518060400160405280600a81526020016921b7b1b7a0b731b437b960b11b815250604051806040016040528060018152602001603160f81b81525061007b8261015660201b60201c565b6101205261008881610156565b61014052815160208084019190912060e052815190820120610100524660a05261011460e05161010051604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201529081019290925260608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60805250503060c0526001600160a01b0381166101445760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b031661016052610224565b5f5f829050601f81511115610189578260405163305a27a960e01b815260040161018091906101c9565b60405180910390fd5b8051610194826101fe565b179392505050565b5f602082840312156101ac575f5ffd5b81516001600160a01b03811681146101c2575f5ffd5b9392505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b8051602080830151919081101561021e575f198160200360031b1b821691505b50919050565b60805160a05160c05160e051610100516101205161014051610160516108ec6102855f395f818160d0015261029701525f61046501525f61043501525f61056201525f61053a01525f61049501525f6104bf01525f6104e901526108ec5ff3fe608060405234801561000f575f5ffd5b506004361061007a575f3560e01c806352bfe7891161005857806352bfe7891461010a57806378464cad1461014d57806384b0196e14610162578063eaa38b411461017d575f5ffd5b8063243dcc251461007e5780632a2136d1146100a457806346f0975a146100cb575b5f5ffd5b61009161008c366004610632565b6101d1565b6040519081526020015b60405180910390f35b6100917f4894085b3548040739a1054bdcc10d5d9fc27163957c1c0eb6cae969c9b45c7c81565b6100f27f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161009b565b60025467ffffffffffffffff9081165f8181526003602090815260409182902080546001909101548351948552918401529092169181019190915260600161009b565b61016061015b36600461066b565b610249565b005b61016a6103ba565b60405161009b9796959493929190610731565b6101b361018b3660046107c7565b67ffffffffffffffff9081165f90815260036020526040902080546001909101549092911690565b6040805192835267ffffffffffffffff90911660208301520161009b565b604080517f4894085b3548040739a1054bdcc10d5d9fc27163957c1c0eb6cae969c9b45c7c602082015267ffffffffffffffff808616928201929092526060810184905290821660808201525f906102419060a001604051602081830303815290604052805190602001206103fc565b949350505050565b60025467ffffffffffffffff90811690861611610295576002546040516328c377d360e21b815267ffffffffffffffff9182166004820152908616602482015260440160405180910390fd5b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fb0fe3f46102cf8787876101d1565b84846040518463ffffffff1660e01b81526004016102ef9392919061080f565b5f6040518083038186803b158015610305575f5ffd5b505afa158015610317573d5f5f3e3d5ffd5b50506002805467ffffffffffffffff1990811667ffffffffffffffff8a81169182179093556040805180820182528a815289851660208083018281525f8681526003835285902093518455516001939093018054909616929096169190911790935580518a81529384019290925293507f8a625ff6b600489e76c9caf3b3e78a6b1cf48af724479bd7bdca61de573a641292500160405180910390a25050505050565b5f6060805f5f5f60606103cb61042e565b6103d361045e565b604080515f80825260208201909252600f60f81b9b939a50919850469750309650945092509050565b5f610428610408610489565b8360405161190160f01b8152600281019290925260228201526042902090565b92915050565b60606104597f00000000000000000000000000000000000000000000000000000000000000006105b2565b905090565b60606104597f00000000000000000000000000000000000000000000000000000000000000006105b2565b5f306001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161480156104e157507f000000000000000000000000000000000000000000000000000000000000000046145b1561050b57507f000000000000000000000000000000000000000000000000000000000000000090565b610459604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60605f6105be836105ef565b6040805160208082528183019092529192505f91906020820181803683375050509182525060208101929092525090565b5f60ff8216601f81111561042857604051632cd44ac360e21b815260040160405180910390fd5b803567ffffffffffffffff8116811461062d575f5ffd5b919050565b5f5f5f60608486031215610644575f5ffd5b61064d84610616565b92506020840135915061066260408501610616565b90509250925092565b5f5f5f5f5f6080868803121561067f575f5ffd5b61068886610616565b94506020860135935061069d60408701610616565b9250606086013567ffffffffffffffff8111156106b8575f5ffd5b8601601f810188136106c8575f5ffd5b803567ffffffffffffffff8111156106de575f5ffd5b8860208260051b84010111156106f2575f5ffd5b959894975092955050506020019190565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b60ff60f81b8816815260e060208201525f61074f60e0830189610703565b82810360408401526107618189610703565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b818110156107b6578351835260209384019390920191600101610798565b50909b9a5050505050505050505050565b5f602082840312156107d7575f5ffd5b6107e082610616565b9392505050565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b83815260406020820181905281018290525f6060600584901b830181019083018583601e1936839003015b878210156108a857868503605f190184528235818112610858575f5ffd5b890160208101903567ffffffffffffffff811115610874575f5ffd5b803603821315610882575f5ffd5b61088d8782846107e7565b9650505060208301925060208401935060018201915061083a565b50929897505050505050505056fea2646970667358221220529b59d769c660ad1db80a3b87038721be5c78c8976e080fed5ba0672ea5b71a64736f6c63430008250033",
}

// Anchor is an auto generated Go binding around an Ethereum contract.
type Anchor struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Anchor) GetABI() abi.ABI {
	return c.abi
}

// NewAnchor creates a new instance of Anchor.
func NewAnchor() *Anchor {
	parsed, err := AnchorMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Anchor{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Anchor) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address signers_) returns()
func (anchor *Anchor) PackConstructor(signers_ common.Address) []byte {
	enc, err := anchor.abi.Pack("", signers_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackANCHORTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2a2136d1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function ANCHOR_TYPEHASH() view returns(bytes32)
func (anchor *Anchor) PackANCHORTYPEHASH() []byte {
	enc, err := anchor.abi.Pack("ANCHOR_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackANCHORTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2a2136d1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function ANCHOR_TYPEHASH() view returns(bytes32)
func (anchor *Anchor) TryPackANCHORTYPEHASH() ([]byte, error) {
	return anchor.abi.Pack("ANCHOR_TYPEHASH")
}

// UnpackANCHORTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2a2136d1.
//
// Solidity: function ANCHOR_TYPEHASH() view returns(bytes32)
func (anchor *Anchor) UnpackANCHORTYPEHASH(data []byte) ([32]byte, error) {
	out, err := anchor.abi.Unpack("ANCHOR_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAnchorDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x243dcc25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function anchorDigest(uint64 seqno, bytes32 root, uint64 time) view returns(bytes32)
func (anchor *Anchor) PackAnchorDigest(seqno uint64, root [32]byte, time uint64) []byte {
	enc, err := anchor.abi.Pack("anchorDigest", seqno, root, time)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAnchorDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x243dcc25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function anchorDigest(uint64 seqno, bytes32 root, uint64 time) view returns(bytes32)
func (anchor *Anchor) TryPackAnchorDigest(seqno uint64, root [32]byte, time uint64) ([]byte, error) {
	return anchor.abi.Pack("anchorDigest", seqno, root, time)
}

// UnpackAnchorDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x243dcc25.
//
// Solidity: function anchorDigest(uint64 seqno, bytes32 root, uint64 time) view returns(bytes32)
func (anchor *Anchor) UnpackAnchorDigest(data []byte) ([32]byte, error) {
	out, err := anchor.abi.Unpack("anchorDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAnchorDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (anchor *Anchor) PackAnchorDomain() []byte {
	enc, err := anchor.abi.Pack("eip712Domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAnchorDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (anchor *Anchor) TryPackAnchorDomain() ([]byte, error) {
	return anchor.abi.Pack("eip712Domain")
}

// AnchorDomainOutput serves as a container for the return parameters of contract
// method AnchorDomain.
type AnchorDomainOutput struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}

// UnpackAnchorDomain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (anchor *Anchor) UnpackAnchorDomain(data []byte) (AnchorDomainOutput, error) {
	out, err := anchor.abi.Unpack("eip712Domain", data)
	outstruct := new(AnchorDomainOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Fields = *abi.ConvertType(out[0], new([1]byte)).(*[1]byte)
	outstruct.Name = *abi.ConvertType(out[1], new(string)).(*string)
	outstruct.Version = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.ChainId = abi.ConvertType(out[3], new(big.Int)).(*big.Int)
	outstruct.VerifyingContract = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.Salt = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.Extensions = *abi.ConvertType(out[6], new([]*big.Int)).(*[]*big.Int)
	return *outstruct, nil
}

// PackLatest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52bfe789.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function latest() view returns(uint64 seqno, bytes32 root, uint64 time)
func (anchor *Anchor) PackLatest() []byte {
	enc, err := anchor.abi.Pack("latest")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLatest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52bfe789.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function latest() view returns(uint64 seqno, bytes32 root, uint64 time)
func (anchor *Anchor) TryPackLatest() ([]byte, error) {
	return anchor.abi.Pack("latest")
}

// LatestOutput serves as a container for the return parameters of contract
// method Latest.
type LatestOutput struct {
	Seqno uint64
	Root  [32]byte
	Time  uint64
}

// UnpackLatest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x52bfe789.
//
// Solidity: function latest() view returns(uint64 seqno, bytes32 root, uint64 time)
func (anchor *Anchor) UnpackLatest(data []byte) (LatestOutput, error) {
	out, err := anchor.abi.Unpack("latest", data)
	outstruct := new(LatestOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Seqno = *abi.ConvertType(out[0], new(uint64)).(*uint64)
	outstruct.Root = *abi.ConvertType(out[1], new([32]byte)).(*[32]byte)
	outstruct.Time = *abi.ConvertType(out[2], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x78464cad.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function record(uint64 seqno, bytes32 root, uint64 time, bytes[] sigs) returns()
func (anchor *Anchor) PackRecord(seqno uint64, root [32]byte, time uint64, sigs [][]byte) []byte {
	enc, err := anchor.abi.Pack("record", seqno, root, time, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x78464cad.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function record(uint64 seqno, bytes32 root, uint64 time, bytes[] sigs) returns()
func (anchor *Anchor) TryPackRecord(seqno uint64, root [32]byte, time uint64, sigs [][]byte) ([]byte, error) {
	return anchor.abi.Pack("record", seqno, root, time, sigs)
}

// PackRootAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeaa38b41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rootAt(uint64 seqno) view returns(bytes32 root, uint64 time)
func (anchor *Anchor) PackRootAt(seqno uint64) []byte {
	enc, err := anchor.abi.Pack("rootAt", seqno)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRootAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xeaa38b41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rootAt(uint64 seqno) view returns(bytes32 root, uint64 time)
func (anchor *Anchor) TryPackRootAt(seqno uint64) ([]byte, error) {
	return anchor.abi.Pack("rootAt", seqno)
}

// RootAtOutput serves as a container for the return parameters of contract
// method RootAt.
type RootAtOutput struct {
	Root [32]byte
	Time uint64
}

// UnpackRootAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xeaa38b41.
//
// Solidity: function rootAt(uint64 seqno) view returns(bytes32 root, uint64 time)
func (anchor *Anchor) UnpackRootAt(data []byte) (RootAtOutput, error) {
	out, err := anchor.abi.Unpack("rootAt", data)
	outstruct := new(RootAtOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Root = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.Time = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	return *outstruct, nil
}

// PackSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46f0975a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signers() view returns(address)
func (anchor *Anchor) PackSigners() []byte {
	enc, err := anchor.abi.Pack("signers")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46f0975a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signers() view returns(address)
func (anchor *Anchor) TryPackSigners() ([]byte, error) {
	return anchor.abi.Pack("signers")
}

// UnpackSigners is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x46f0975a.
//
// Solidity: function signers() view returns(address)
func (anchor *Anchor) UnpackSigners(data []byte) (common.Address, error) {
	out, err := anchor.abi.Unpack("signers", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// AnchorAnchored represents a Anchored event raised by the Anchor contract.
type AnchorAnchored struct {
	Seqno uint64
	Root  [32]byte
	Time  uint64
	Raw   *types.Log // Blockchain specific contextual infos
}

const AnchorAnchoredEventName = "Anchored"

// ContractEventName returns the user-defined event name.
func (AnchorAnchored) ContractEventName() string {
	return AnchorAnchoredEventName
}

// UnpackAnchoredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Anchored(uint64 indexed seqno, bytes32 root, uint64 time)
func (anchor *Anchor) UnpackAnchoredEvent(log *types.Log) (*AnchorAnchored, error) {
	event := "Anchored"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorAnchored)
	if len(log.Data) > 0 {
		if err := anchor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AnchorEIP712DomainChanged represents a EIP712DomainChanged event raised by the Anchor contract.
type AnchorEIP712DomainChanged struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const AnchorEIP712DomainChangedEventName = "EIP712DomainChanged"

// ContractEventName returns the user-defined event name.
func (AnchorEIP712DomainChanged) ContractEventName() string {
	return AnchorEIP712DomainChangedEventName
}

// UnpackEIP712DomainChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EIP712DomainChanged()
func (anchor *Anchor) UnpackEIP712DomainChangedEvent(log *types.Log) (*AnchorEIP712DomainChanged, error) {
	event := "EIP712DomainChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != anchor.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AnchorEIP712DomainChanged)
	if len(log.Data) > 0 {
		if err := anchor.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range anchor.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (anchor *Anchor) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], anchor.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return anchor.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchor.abi.Errors["NotNewer"].ID.Bytes()[:4]) {
		return anchor.UnpackNotNewerError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchor.abi.Errors["StringTooLong"].ID.Bytes()[:4]) {
		return anchor.UnpackStringTooLongError(raw[4:])
	}
	if bytes.Equal(raw[:4], anchor.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return anchor.UnpackZeroAddressError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// AnchorInvalidShortString represents a InvalidShortString error raised by the Anchor contract.
type AnchorInvalidShortString struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidShortString()
func AnchorInvalidShortStringErrorID() common.Hash {
	return common.HexToHash("0xb3512b0c6163e5f0bafab72bb631b9d58cd7a731b082f910338aa21c83d5c274")
}

// UnpackInvalidShortStringError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidShortString()
func (anchor *Anchor) UnpackInvalidShortStringError(raw []byte) (*AnchorInvalidShortString, error) {
	out := new(AnchorInvalidShortString)
	if err := anchor.abi.UnpackIntoInterface(out, "InvalidShortString", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorNotNewer represents a NotNewer error raised by the Anchor contract.
type AnchorNotNewer struct {
	Latest uint64
	Seqno  uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotNewer(uint64 latest, uint64 seqno)
func AnchorNotNewerErrorID() common.Hash {
	return common.HexToHash("0xa30ddf4cadc349bbfd849f3d8117cb8556ed2835488aed89b3dc4fcf98ea70ea")
}

// UnpackNotNewerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotNewer(uint64 latest, uint64 seqno)
func (anchor *Anchor) UnpackNotNewerError(raw []byte) (*AnchorNotNewer, error) {
	out := new(AnchorNotNewer)
	if err := anchor.abi.UnpackIntoInterface(out, "NotNewer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorStringTooLong represents a StringTooLong error raised by the Anchor contract.
type AnchorStringTooLong struct {
	Str string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StringTooLong(string str)
func AnchorStringTooLongErrorID() common.Hash {
	return common.HexToHash("0x305a27a93f8e33b7392df0a0f91d6fc63847395853c45991eec52dbf24d72381")
}

// UnpackStringTooLongError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StringTooLong(string str)
func (anchor *Anchor) UnpackStringTooLongError(raw []byte) (*AnchorStringTooLong, error) {
	out := new(AnchorStringTooLong)
	if err := anchor.abi.UnpackIntoInterface(out, "StringTooLong", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AnchorZeroAddress represents a ZeroAddress error raised by the Anchor contract.
type AnchorZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func AnchorZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (anchor *Anchor) UnpackZeroAddressError(raw []byte) (*AnchorZeroAddress, error) {
	out := new(AnchorZeroAddress)
	if err := anchor.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}
