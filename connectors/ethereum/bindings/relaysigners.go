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

// RelaySignersMetaData contains all meta data concerning the RelaySigners contract.
var RelaySignersMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"initial\",\"type\":\"address[]\"},{\"internalType\":\"uint256\",\"name\":\"initialThreshold\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"want\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"}],\"name\":\"BadNonce\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidSignerSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"MalformedSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"NotEnoughSignatures\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"SignersNotAscending\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"UnknownSigner\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"signers\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"threshold\",\"type\":\"uint256\"}],\"name\":\"SignersUpdated\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_SIGNERS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"UPDATE_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isSigner\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nonce\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"signers\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"threshold\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"next\",\"type\":\"address[]\"},{\"internalType\":\"uint256\",\"name\":\"nextThreshold\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nextNonce\",\"type\":\"uint64\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"update\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"next\",\"type\":\"address[]\"},{\"internalType\":\"uint256\",\"name\":\"nextThreshold\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nextNonce\",\"type\":\"uint64\"}],\"name\":\"updateDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"verify\",\"outputs\":[],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "RelaySigners",
	Bin: "0x610160604052348015610010575f5ffd5b5060405161144438038061144483398101604081905261002f91610368565b6040518060400160405280601081526020016f436f636f52656c61795369676e65727360801b815250604051806040016040528060018152602001603160f81b8152506100818261016e60201b60201c565b6101205261008e8161016e565b61014052815160208084019190912060e052815190820120610100524660a05261011a60e05161010051604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201529081019290925260608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60805250503060c05261012d82826101b4565b5f7fd4672ac053782ccdcbfd0494280a1c0019e5b7c5c931a43c5102437635e10e3b838360405161015f92919061043c565b60405180910390a25050610529565b5f5f829050601f815111156101a1578260405163305a27a960e01b81526004016101989190610491565b60405180910390fd5b80516101ac826104c6565b179392505050565b81518015806101c35750602081115b806101cc575081155b806101d657508082115b806101eb5750806101e88360026104ec565b11155b15610209576040516335d73a6760e11b815260040160405180910390fd5b61021460025f610303565b5f5b818110156102fb575f84828151811061023157610231610515565b602002602001015190505f6001600160a01b0316816001600160a01b0316148061027257506001600160a01b0381165f9081526003602052604090205460ff165b15610290576040516335d73a6760e11b815260040160405180910390fd5b6001600160a01b03165f818152600360205260408120805460ff1916600190811790915560028054808301825592527f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5ace90910180546001600160a01b03191690921790915501610216565b505060045550565b5080545f8255905f5260205f209061031b919061031d565b565b5f5b80821115610334575f8184015560010161031f565b505050565b634e487b7160e01b5f52604160045260245ffd5b80516001600160a01b0381168114610363575f5ffd5b919050565b5f5f60408385031215610379575f5ffd5b82516001600160401b0381111561038e575f5ffd5b8301601f8101851361039e575f5ffd5b80516001600160401b038111156103b7576103b7610339565b604051600582901b90603f8201601f191681016001600160401b03811182821017156103e5576103e5610339565b604052918252602081840181019290810188841115610402575f5ffd5b6020850194505b838510156104285761041a8561034d565b815260209485019401610409565b506020969096015195979596505050505050565b604080825283519082018190525f9060208501906060840190835b8181101561047e5783516001600160a01b0316835260209384019390920191600101610457565b5050602093909301939093525092915050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b805160208083015191908110156104e6575f198160200360031b1b821691505b50919050565b808202811582820484141761050f57634e487b7160e01b5f52601160045260245ffd5b92915050565b634e487b7160e01b5f52603260045260245ffd5b60805160a05160c05160e051610100516101205161014051610eca61057a5f395f61076201525f61073201525f61091701525f6108ef01525f61084a01525f61087401525f61089e0152610eca5ff3fe608060405234801561000f575f5ffd5b506004361061009b575f3560e01c806384b0196e1161006357806384b0196e1461011f578063affed0e01461013a578063c17c1d7914610165578063d3fdd87d14610178578063fb0fe3f41461019f575f5ffd5b806342cde4e81461009f57806346f0975a146100bb57806359ecd657146100d05780637b0ed57c146100d85780637df73e27146100ed575b5f5ffd5b6100a860045481565b6040519081526020015b60405180910390f35b6100c36101b2565b6040516100b29190610a8c565b6100a8602081565b6100eb6100e6366004610b39565b610212565b005b61010f6100fb366004610bd6565b60036020525f908152604090205460ff1681565b60405190151581526020016100b2565b61012761039f565b6040516100b29796959493929190610c24565b60055461014d906001600160401b031681565b6040516001600160401b0390911681526020016100b2565b6100a8610173366004610cba565b6103e1565b6100a87fed10f255304b723046059ff71fe0782651b7633b37b02d8a561f008c9d444d6881565b6100eb6101ad366004610d12565b61047b565b6060600280548060200260200160405190810160405280929190818152602001828054801561020857602002820191905f5260205f20905b81546001600160a01b031681526001909101906020018083116101ea575b5050505050905090565b600554610229906001600160401b03166001610d6d565b6001600160401b0316836001600160401b03161461028a57600554610258906001600160401b03166001610d6d565b604051635264c23960e11b81526001600160401b03918216600482015290841660248201526044015b60405180910390fd5b6102a0610299878787876103e1565b838361047b565b5f5b6002548110156102fe575f60035f600284815481106102c3576102c3610d8c565b5f918252602080832091909101546001600160a01b031683528201929092526040019020805460ff19169115159190911790556001016102a2565b5061033c8686808060200260200160405190810160405280939291908181526020018383602002808284375f920191909152508892506105dc915050565b6005805467ffffffffffffffff19166001600160401b0385169081179091556040517fd4672ac053782ccdcbfd0494280a1c0019e5b7c5c931a43c5102437635e10e3b9061038f90899089908990610da0565b60405180910390a2505050505050565b5f6060805f5f5f60606103b061072b565b6103b861075b565b604080515f80825260208201909252600f60f81b9b939a50919850469750309650945092509050565b5f6104727fed10f255304b723046059ff71fe0782651b7633b37b02d8a561f008c9d444d688686604051602001610419929190610df3565b60408051601f19818403018152828252805160209182012090830193909352810191909152606081018590526001600160401b038416608082015260a00160405160208183030381529060405280519060200120610786565b95945050505050565b600454808210156104a957604051633ce0c9e960e11b81526004810183905260248101829052604401610281565b5f805b838110156105d4575f5f610517888888868181106104cc576104cc610d8c565b90506020028101906104de9190610e27565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152506107b892505050565b5090925090505f81600381111561053057610530610e69565b14610551576040516376f0ccb160e11b815260048101849052602401610281565b836001600160a01b0316826001600160a01b0316116105865760405163590a84f760e01b815260048101849052602401610281565b6001600160a01b0382165f9081526003602052604090205460ff166105c957604051636bf4516160e11b81526001600160a01b0383166004820152602401610281565b5091506001016104ac565b505050505050565b81518015806105eb5750602081115b806105f4575081155b806105fe57508082115b80610613575080610610836002610e7d565b11155b15610631576040516335d73a6760e11b815260040160405180910390fd5b61063c60025f610a56565b5f5b81811015610723575f84828151811061065957610659610d8c565b602002602001015190505f6001600160a01b0316816001600160a01b0316148061069a57506001600160a01b0381165f9081526003602052604090205460ff165b156106b8576040516335d73a6760e11b815260040160405180910390fd5b6001600160a01b03165f818152600360205260408120805460ff1916600190811790915560028054808301825592527f405787fa12a823e0f2b7631cc41b3ba8828b3321ca811111fa75cd3aa3bb5ace90910180546001600160a01b0319169092179091550161063e565b505060045550565b60606107567f0000000000000000000000000000000000000000000000000000000000000000610801565b905090565b60606107567f0000000000000000000000000000000000000000000000000000000000000000610801565b5f6107b261079261083e565b8360405161190160f01b8152600281019290925260228201526042902090565b92915050565b5f5f5f83516041036107ef576020840151604085015160608601515f1a6107e188828585610967565b9550955095505050506107fa565b505081515f91506002905b9250925092565b60605f61080d83610a2f565b6040805160208082528183019092529192505f91906020820181803683375050509182525060208101929092525090565b5f306001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614801561089657507f000000000000000000000000000000000000000000000000000000000000000046145b156108c057507f000000000000000000000000000000000000000000000000000000000000000090565b610756604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a08411156109a057505f91506003905082610a25565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa1580156109f1573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b038116610a1c57505f925060019150829050610a25565b92505f91508190505b9450945094915050565b5f60ff8216601f8111156107b257604051632cd44ac360e21b815260040160405180910390fd5b5080545f8255905f5260205f2090610a6e9190610a70565b565b5f5b80821115610a87575f81840155600101610a72565b505050565b602080825282518282018190525f918401906040840190835b81811015610acc5783516001600160a01b0316835260209384019390920191600101610aa5565b509095945050505050565b5f5f83601f840112610ae7575f5ffd5b5081356001600160401b03811115610afd575f5ffd5b6020830191508360208260051b8501011115610b17575f5ffd5b9250929050565b80356001600160401b0381168114610b34575f5ffd5b919050565b5f5f5f5f5f5f60808789031215610b4e575f5ffd5b86356001600160401b03811115610b63575f5ffd5b610b6f89828a01610ad7565b90975095505060208701359350610b8860408801610b1e565b925060608701356001600160401b03811115610ba2575f5ffd5b610bae89828a01610ad7565b979a9699509497509295939492505050565b80356001600160a01b0381168114610b34575f5ffd5b5f60208284031215610be6575f5ffd5b610bef82610bc0565b9392505050565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b60ff60f81b8816815260e060208201525f610c4260e0830189610bf6565b8281036040840152610c548189610bf6565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b81811015610ca9578351835260209384019390920191600101610c8b565b50909b9a5050505050505050505050565b5f5f5f5f60608587031215610ccd575f5ffd5b84356001600160401b03811115610ce2575f5ffd5b610cee87828801610ad7565b90955093505060208501359150610d0760408601610b1e565b905092959194509250565b5f5f5f60408486031215610d24575f5ffd5b8335925060208401356001600160401b03811115610d40575f5ffd5b610d4c86828701610ad7565b9497909650939450505050565b634e487b7160e01b5f52601160045260245ffd5b6001600160401b0381811683821601908111156107b2576107b2610d59565b634e487b7160e01b5f52603260045260245ffd5b604080825281018390525f8460608301825b86811015610de0576001600160a01b03610dcb84610bc0565b16825260209283019290910190600101610db2565b5060209390930193909352509392505050565b5f8184825b85811015610acc576001600160a01b03610e1183610bc0565b1683526020928301929190910190600101610df8565b5f5f8335601e19843603018112610e3c575f5ffd5b8301803591506001600160401b03821115610e55575f5ffd5b602001915036819003821315610b17575f5ffd5b634e487b7160e01b5f52602160045260245ffd5b80820281158282048414176107b2576107b2610d5956fea26469706673582212205c4fae571637910171a71e270d0cff1a5c85ed4e284dfb6eaf4382c429a6945a64736f6c63430008250033",
}

// RelaySigners is an auto generated Go binding around an Ethereum contract.
type RelaySigners struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *RelaySigners) GetABI() abi.ABI {
	return c.abi
}

// NewRelaySigners creates a new instance of RelaySigners.
func NewRelaySigners() *RelaySigners {
	parsed, err := RelaySignersMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &RelaySigners{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *RelaySigners) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address[] initial, uint256 initialThreshold) returns()
func (relaySigners *RelaySigners) PackConstructor(initial []common.Address, initialThreshold *big.Int) []byte {
	enc, err := relaySigners.abi.Pack("", initial, initialThreshold)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMAXSIGNERS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x59ecd657.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_SIGNERS() view returns(uint256)
func (relaySigners *RelaySigners) PackMAXSIGNERS() []byte {
	enc, err := relaySigners.abi.Pack("MAX_SIGNERS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXSIGNERS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x59ecd657.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_SIGNERS() view returns(uint256)
func (relaySigners *RelaySigners) TryPackMAXSIGNERS() ([]byte, error) {
	return relaySigners.abi.Pack("MAX_SIGNERS")
}

// UnpackMAXSIGNERS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x59ecd657.
//
// Solidity: function MAX_SIGNERS() view returns(uint256)
func (relaySigners *RelaySigners) UnpackMAXSIGNERS(data []byte) (*big.Int, error) {
	out, err := relaySigners.abi.Unpack("MAX_SIGNERS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackUPDATETYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd3fdd87d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function UPDATE_TYPEHASH() view returns(bytes32)
func (relaySigners *RelaySigners) PackUPDATETYPEHASH() []byte {
	enc, err := relaySigners.abi.Pack("UPDATE_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUPDATETYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd3fdd87d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function UPDATE_TYPEHASH() view returns(bytes32)
func (relaySigners *RelaySigners) TryPackUPDATETYPEHASH() ([]byte, error) {
	return relaySigners.abi.Pack("UPDATE_TYPEHASH")
}

// UnpackUPDATETYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd3fdd87d.
//
// Solidity: function UPDATE_TYPEHASH() view returns(bytes32)
func (relaySigners *RelaySigners) UnpackUPDATETYPEHASH(data []byte) ([32]byte, error) {
	out, err := relaySigners.abi.Unpack("UPDATE_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRelaySignersDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (relaySigners *RelaySigners) PackRelaySignersDomain() []byte {
	enc, err := relaySigners.abi.Pack("eip712Domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRelaySignersDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (relaySigners *RelaySigners) TryPackRelaySignersDomain() ([]byte, error) {
	return relaySigners.abi.Pack("eip712Domain")
}

// RelaySignersDomainOutput serves as a container for the return parameters of contract
// method RelaySignersDomain.
type RelaySignersDomainOutput struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}

// UnpackRelaySignersDomain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (relaySigners *RelaySigners) UnpackRelaySignersDomain(data []byte) (RelaySignersDomainOutput, error) {
	out, err := relaySigners.abi.Unpack("eip712Domain", data)
	outstruct := new(RelaySignersDomainOutput)
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

// PackIsSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7df73e27.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isSigner(address ) view returns(bool)
func (relaySigners *RelaySigners) PackIsSigner(arg0 common.Address) []byte {
	enc, err := relaySigners.abi.Pack("isSigner", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsSigner is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7df73e27.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isSigner(address ) view returns(bool)
func (relaySigners *RelaySigners) TryPackIsSigner(arg0 common.Address) ([]byte, error) {
	return relaySigners.abi.Pack("isSigner", arg0)
}

// UnpackIsSigner is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7df73e27.
//
// Solidity: function isSigner(address ) view returns(bool)
func (relaySigners *RelaySigners) UnpackIsSigner(data []byte) (bool, error) {
	out, err := relaySigners.abi.Unpack("isSigner", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaffed0e0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nonce() view returns(uint64)
func (relaySigners *RelaySigners) PackNonce() []byte {
	enc, err := relaySigners.abi.Pack("nonce")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNonce is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaffed0e0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nonce() view returns(uint64)
func (relaySigners *RelaySigners) TryPackNonce() ([]byte, error) {
	return relaySigners.abi.Pack("nonce")
}

// UnpackNonce is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaffed0e0.
//
// Solidity: function nonce() view returns(uint64)
func (relaySigners *RelaySigners) UnpackNonce(data []byte) (uint64, error) {
	out, err := relaySigners.abi.Unpack("nonce", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46f0975a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signers() view returns(address[])
func (relaySigners *RelaySigners) PackSigners() []byte {
	enc, err := relaySigners.abi.Pack("signers")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46f0975a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function signers() view returns(address[])
func (relaySigners *RelaySigners) TryPackSigners() ([]byte, error) {
	return relaySigners.abi.Pack("signers")
}

// UnpackSigners is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x46f0975a.
//
// Solidity: function signers() view returns(address[])
func (relaySigners *RelaySigners) UnpackSigners(data []byte) ([]common.Address, error) {
	out, err := relaySigners.abi.Unpack("signers", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42cde4e8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function threshold() view returns(uint256)
func (relaySigners *RelaySigners) PackThreshold() []byte {
	enc, err := relaySigners.abi.Pack("threshold")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x42cde4e8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function threshold() view returns(uint256)
func (relaySigners *RelaySigners) TryPackThreshold() ([]byte, error) {
	return relaySigners.abi.Pack("threshold")
}

// UnpackThreshold is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x42cde4e8.
//
// Solidity: function threshold() view returns(uint256)
func (relaySigners *RelaySigners) UnpackThreshold(data []byte) (*big.Int, error) {
	out, err := relaySigners.abi.Unpack("threshold", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackUpdate is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b0ed57c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function update(address[] next, uint256 nextThreshold, uint64 nextNonce, bytes[] sigs) returns()
func (relaySigners *RelaySigners) PackUpdate(next []common.Address, nextThreshold *big.Int, nextNonce uint64, sigs [][]byte) []byte {
	enc, err := relaySigners.abi.Pack("update", next, nextThreshold, nextNonce, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUpdate is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b0ed57c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function update(address[] next, uint256 nextThreshold, uint64 nextNonce, bytes[] sigs) returns()
func (relaySigners *RelaySigners) TryPackUpdate(next []common.Address, nextThreshold *big.Int, nextNonce uint64, sigs [][]byte) ([]byte, error) {
	return relaySigners.abi.Pack("update", next, nextThreshold, nextNonce, sigs)
}

// PackUpdateDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc17c1d79.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function updateDigest(address[] next, uint256 nextThreshold, uint64 nextNonce) view returns(bytes32)
func (relaySigners *RelaySigners) PackUpdateDigest(next []common.Address, nextThreshold *big.Int, nextNonce uint64) []byte {
	enc, err := relaySigners.abi.Pack("updateDigest", next, nextThreshold, nextNonce)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUpdateDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc17c1d79.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function updateDigest(address[] next, uint256 nextThreshold, uint64 nextNonce) view returns(bytes32)
func (relaySigners *RelaySigners) TryPackUpdateDigest(next []common.Address, nextThreshold *big.Int, nextNonce uint64) ([]byte, error) {
	return relaySigners.abi.Pack("updateDigest", next, nextThreshold, nextNonce)
}

// UnpackUpdateDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc17c1d79.
//
// Solidity: function updateDigest(address[] next, uint256 nextThreshold, uint64 nextNonce) view returns(bytes32)
func (relaySigners *RelaySigners) UnpackUpdateDigest(data []byte) ([32]byte, error) {
	out, err := relaySigners.abi.Unpack("updateDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfb0fe3f4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verify(bytes32 digest, bytes[] sigs) view returns()
func (relaySigners *RelaySigners) PackVerify(digest [32]byte, sigs [][]byte) []byte {
	enc, err := relaySigners.abi.Pack("verify", digest, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfb0fe3f4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verify(bytes32 digest, bytes[] sigs) view returns()
func (relaySigners *RelaySigners) TryPackVerify(digest [32]byte, sigs [][]byte) ([]byte, error) {
	return relaySigners.abi.Pack("verify", digest, sigs)
}

// RelaySignersEIP712DomainChanged represents a EIP712DomainChanged event raised by the RelaySigners contract.
type RelaySignersEIP712DomainChanged struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const RelaySignersEIP712DomainChangedEventName = "EIP712DomainChanged"

// ContractEventName returns the user-defined event name.
func (RelaySignersEIP712DomainChanged) ContractEventName() string {
	return RelaySignersEIP712DomainChangedEventName
}

// UnpackEIP712DomainChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EIP712DomainChanged()
func (relaySigners *RelaySigners) UnpackEIP712DomainChangedEvent(log *types.Log) (*RelaySignersEIP712DomainChanged, error) {
	event := "EIP712DomainChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != relaySigners.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RelaySignersEIP712DomainChanged)
	if len(log.Data) > 0 {
		if err := relaySigners.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range relaySigners.abi.Events[event].Inputs {
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

// RelaySignersSignersUpdated represents a SignersUpdated event raised by the RelaySigners contract.
type RelaySignersSignersUpdated struct {
	Nonce     uint64
	Signers   []common.Address
	Threshold *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const RelaySignersSignersUpdatedEventName = "SignersUpdated"

// ContractEventName returns the user-defined event name.
func (RelaySignersSignersUpdated) ContractEventName() string {
	return RelaySignersSignersUpdatedEventName
}

// UnpackSignersUpdatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SignersUpdated(uint64 indexed nonce, address[] signers, uint256 threshold)
func (relaySigners *RelaySigners) UnpackSignersUpdatedEvent(log *types.Log) (*RelaySignersSignersUpdated, error) {
	event := "SignersUpdated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != relaySigners.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RelaySignersSignersUpdated)
	if len(log.Data) > 0 {
		if err := relaySigners.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range relaySigners.abi.Events[event].Inputs {
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
func (relaySigners *RelaySigners) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["BadNonce"].ID.Bytes()[:4]) {
		return relaySigners.UnpackBadNonceError(raw[4:])
	}
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return relaySigners.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["InvalidSignerSet"].ID.Bytes()[:4]) {
		return relaySigners.UnpackInvalidSignerSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["MalformedSignature"].ID.Bytes()[:4]) {
		return relaySigners.UnpackMalformedSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["NotEnoughSignatures"].ID.Bytes()[:4]) {
		return relaySigners.UnpackNotEnoughSignaturesError(raw[4:])
	}
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["SignersNotAscending"].ID.Bytes()[:4]) {
		return relaySigners.UnpackSignersNotAscendingError(raw[4:])
	}
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["StringTooLong"].ID.Bytes()[:4]) {
		return relaySigners.UnpackStringTooLongError(raw[4:])
	}
	if bytes.Equal(raw[:4], relaySigners.abi.Errors["UnknownSigner"].ID.Bytes()[:4]) {
		return relaySigners.UnpackUnknownSignerError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RelaySignersBadNonce represents a BadNonce error raised by the RelaySigners contract.
type RelaySignersBadNonce struct {
	Want uint64
	Got  uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadNonce(uint64 want, uint64 got)
func RelaySignersBadNonceErrorID() common.Hash {
	return common.HexToHash("0xa4c984729944d3e402f5330ff7bf5d3d990f167a14e97c04a73306124326b1a1")
}

// UnpackBadNonceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadNonce(uint64 want, uint64 got)
func (relaySigners *RelaySigners) UnpackBadNonceError(raw []byte) (*RelaySignersBadNonce, error) {
	out := new(RelaySignersBadNonce)
	if err := relaySigners.abi.UnpackIntoInterface(out, "BadNonce", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RelaySignersInvalidShortString represents a InvalidShortString error raised by the RelaySigners contract.
type RelaySignersInvalidShortString struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidShortString()
func RelaySignersInvalidShortStringErrorID() common.Hash {
	return common.HexToHash("0xb3512b0c6163e5f0bafab72bb631b9d58cd7a731b082f910338aa21c83d5c274")
}

// UnpackInvalidShortStringError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidShortString()
func (relaySigners *RelaySigners) UnpackInvalidShortStringError(raw []byte) (*RelaySignersInvalidShortString, error) {
	out := new(RelaySignersInvalidShortString)
	if err := relaySigners.abi.UnpackIntoInterface(out, "InvalidShortString", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RelaySignersInvalidSignerSet represents a InvalidSignerSet error raised by the RelaySigners contract.
type RelaySignersInvalidSignerSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidSignerSet()
func RelaySignersInvalidSignerSetErrorID() common.Hash {
	return common.HexToHash("0x6bae74ce24d887f08c07d376cfe496c7d324dc4624a22d6ce56b8ea12d3a50bf")
}

// UnpackInvalidSignerSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidSignerSet()
func (relaySigners *RelaySigners) UnpackInvalidSignerSetError(raw []byte) (*RelaySignersInvalidSignerSet, error) {
	out := new(RelaySignersInvalidSignerSet)
	if err := relaySigners.abi.UnpackIntoInterface(out, "InvalidSignerSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RelaySignersMalformedSignature represents a MalformedSignature error raised by the RelaySigners contract.
type RelaySignersMalformedSignature struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MalformedSignature(uint256 index)
func RelaySignersMalformedSignatureErrorID() common.Hash {
	return common.HexToHash("0xede19962768f7f6900ec015f3eb17c77bded84ad8ce35dc63dc5f6b5011e7e9c")
}

// UnpackMalformedSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MalformedSignature(uint256 index)
func (relaySigners *RelaySigners) UnpackMalformedSignatureError(raw []byte) (*RelaySignersMalformedSignature, error) {
	out := new(RelaySignersMalformedSignature)
	if err := relaySigners.abi.UnpackIntoInterface(out, "MalformedSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RelaySignersNotEnoughSignatures represents a NotEnoughSignatures error raised by the RelaySigners contract.
type RelaySignersNotEnoughSignatures struct {
	Got  *big.Int
	Want *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotEnoughSignatures(uint256 got, uint256 want)
func RelaySignersNotEnoughSignaturesErrorID() common.Hash {
	return common.HexToHash("0x79c193d2b9a5ab2a87f6c5945f80093d2564073c49c98e4bca0ef08737475744")
}

// UnpackNotEnoughSignaturesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotEnoughSignatures(uint256 got, uint256 want)
func (relaySigners *RelaySigners) UnpackNotEnoughSignaturesError(raw []byte) (*RelaySignersNotEnoughSignatures, error) {
	out := new(RelaySignersNotEnoughSignatures)
	if err := relaySigners.abi.UnpackIntoInterface(out, "NotEnoughSignatures", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RelaySignersSignersNotAscending represents a SignersNotAscending error raised by the RelaySigners contract.
type RelaySignersSignersNotAscending struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SignersNotAscending(uint256 index)
func RelaySignersSignersNotAscendingErrorID() common.Hash {
	return common.HexToHash("0x590a84f76cadfc6716aaea24107af9134f0cd4c66edbe9af3ffe914656b566fa")
}

// UnpackSignersNotAscendingError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SignersNotAscending(uint256 index)
func (relaySigners *RelaySigners) UnpackSignersNotAscendingError(raw []byte) (*RelaySignersSignersNotAscending, error) {
	out := new(RelaySignersSignersNotAscending)
	if err := relaySigners.abi.UnpackIntoInterface(out, "SignersNotAscending", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RelaySignersStringTooLong represents a StringTooLong error raised by the RelaySigners contract.
type RelaySignersStringTooLong struct {
	Str string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StringTooLong(string str)
func RelaySignersStringTooLongErrorID() common.Hash {
	return common.HexToHash("0x305a27a93f8e33b7392df0a0f91d6fc63847395853c45991eec52dbf24d72381")
}

// UnpackStringTooLongError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StringTooLong(string str)
func (relaySigners *RelaySigners) UnpackStringTooLongError(raw []byte) (*RelaySignersStringTooLong, error) {
	out := new(RelaySignersStringTooLong)
	if err := relaySigners.abi.UnpackIntoInterface(out, "StringTooLong", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RelaySignersUnknownSigner represents a UnknownSigner error raised by the RelaySigners contract.
type RelaySignersUnknownSigner struct {
	Signer common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownSigner(address signer)
func RelaySignersUnknownSignerErrorID() common.Hash {
	return common.HexToHash("0xd7e8a2c26fd6e574581d4dadb54adcae8e49f64b22b2d5386731d559357f82c3")
}

// UnpackUnknownSignerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownSigner(address signer)
func (relaySigners *RelaySigners) UnpackUnknownSignerError(raw []byte) (*RelaySignersUnknownSigner, error) {
	out := new(RelaySignersUnknownSigner)
	if err := relaySigners.abi.UnpackIntoInterface(out, "UnknownSigner", raw); err != nil {
		return nil, err
	}
	return out, nil
}
