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

// BridgeVaultMetaData contains all meta data concerning the BridgeVault contract.
var BridgeVaultMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractRelaySigners\",\"name\":\"signers_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"AlreadyExecuted\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadDestination\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingReceived\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"TransferCancelled\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"Cancelled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"Locked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Minted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Released\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"CANCEL_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_ACCOUNT_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_LEDGER_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MINT_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"RELEASE_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"cancel\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"cancelDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"cancelled\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"executed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"lock\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lockCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mintDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"release\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"releaseDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"signers\",\"outputs\":[{\"internalType\":\"contractRelaySigners\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"status\",\"outputs\":[{\"internalType\":\"enumBridgeVault.Status\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "BridgeVault",
	Bin: "0x610180604052348015610010575f5ffd5b5060405161164d38038061164d83398101604081905261002f916101c5565b6040518060400160405280600f81526020016e10dbd8dbd09c9a5919d955985d5b1d608a1b815250604051806040016040528060018152602001603160f81b8152506100808261017f60201b60201c565b6101205261008d8161017f565b61014052815160208084019190912060e052815190820120610100524660a05261011960e05161010051604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201529081019290925260608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60805250503060c05260017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556001600160a01b03811661016d5760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b03166101605261024d565b5f5f829050601f815111156101b2578260405163305a27a960e01b81526004016101a991906101f2565b60405180910390fd5b80516101bd82610227565b179392505050565b5f602082840312156101d5575f5ffd5b81516001600160a01b03811681146101eb575f5ffd5b9392505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b80516020808301519190811015610247575f198160200360031b1b821691505b50919050565b60805160a05160c05160e051610100516101205161014051610160516113976102b65f395f81816101b2015281816103710152610a8001525f610ba901525f610b7901525f610cdb01525f610cb301525f610c0e01525f610c3801525f610c6201526113975ff3fe608060405234801561000f575f5ffd5b5060043610610111575f3560e01c80635c9567301161009e5780639b10b6f51161006e5780639b10b6f51461029e578063a83f4497146102a7578063a9fcfb33146102ba578063f76fc35e146102cd578063ff1ce69d146102f4575f5ffd5b80635c9567301461023657806373fca6ea1461024957806379e887761461027057806384b0196e14610283575f5ffd5b80633c2c4a65116100e45780633c2c4a651461019a57806346f0975a146101ad57806350ed383d146101ec57806352ad0d5e146101f45780635ab30cbe14610223575f5ffd5b80630902df91146101155780631148addb1461014f5780631c873dc7146101625780632ac1262214610177575b5f5ffd5b61013c7f2330c6573125a9ad62b8ae3f261064b8dde4d45441fa99208e3c70b3096199d981565b6040519081526020015b60405180910390f35b61013c61015d366004610eaa565b6102fd565b610175610170366004610f33565b61035e565b005b61018a610185366004610f7b565b61044e565b6040519015158152602001610146565b6101756101a8366004610f92565b61047b565b6101d47f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610146565b61013c604081565b610216610202366004610f7b565b60036020525f908152604090205460ff1681565b6040516101469190611019565b61013c610231366004610f7b565b61057b565b61013c610244366004610eaa565b6105bf565b61013c7fb1e8fef04690f48fdc90305d037ba656b227307e77c3c8ce4d7cea6b6f9dc3ae81565b61013c61027e36600461107d565b6105fc565b61028b610874565b6040516101469796959493929190611122565b61013c60025481565b6101756102b5366004610f92565b6108b6565b61018a6102c8366004610f7b565b610947565b61013c7f5c46a85ca4f31cc973ee246c9495ee027e83d68f9fb418f8081551a9e8dfc6c581565b61013c61010081565b5f6103557f5c46a85ca4f31cc973ee246c9495ee027e83d68f9fb418f8081551a9e8dfc6c58686868660405160200161033a9594939291906111b8565b6040516020818303038152906040528051906020012061094f565b95945050505050565b61036661097b565b61036f83610996565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fb0fe3f46103a78561057b565b84846040518463ffffffff1660e01b81526004016103c79392919061120c565b5f6040518083038186803b1580156103dd575f5ffd5b505afa1580156103ef573d5f5f3e3d5ffd5b5050505f84815260036020526040808220805460ff19166002179055518592507fbaa1eb22f2a492ba1a5fea61b8df4d27c6c8b5f3971e63bb58fa14ff72eedb709190a261044960015f5160206113425f395f51905f5255565b505050565b5f60025b5f8381526003602052604090205460ff16600281111561047457610474611005565b1492915050565b61048361097b565b6104b27f5c46a85ca4f31cc973ee246c9495ee027e83d68f9fb418f8081551a9e8dfc6c5878787878787610a1a565b6040516340c10f1960e01b81526001600160a01b038581166004830152602482018590528616906340c10f19906044015f604051808303815f87803b1580156104f9575f5ffd5b505af115801561050b573d5f5f3e3d5ffd5b50505050836001600160a01b0316856001600160a01b0316877f754e9989487f664406f6fbbf83aa42bd064e274ab3818f5ef5e610f09bdf30eb8660405161055591815260200190565b60405180910390a461057360015f5160206113425f395f51905f5255565b505050505050565b604080517fb1e8fef04690f48fdc90305d037ba656b227307e77c3c8ce4d7cea6b6f9dc3ae60208201529081018290525f906105b99060600161033a565b92915050565b5f6103557f2330c6573125a9ad62b8ae3f261064b8dde4d45441fa99208e3c70b3096199d98686868660405160200161033a9594939291906111b8565b5f61060561097b565b855f0361062557604051631f2a200560e01b815260040160405180910390fd5b6001600160a01b03871661064c5760405163d92e233d60e01b815260040160405180910390fd5b838281158061065b5750604082115b80610664575080155b80610670575061010081115b1561068e576040516383b1982b60e01b815260040160405180910390fd5b6040516370a0823160e01b81523060048201525f906001600160a01b038b16906370a0823190602401602060405180830381865afa1580156106d2573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106f691906112b3565b905061070d6001600160a01b038b1633308c610b36565b6040516370a0823160e01b81523060048201525f9082906001600160a01b038d16906370a0823190602401602060405180830381865afa158015610753573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061077791906112b3565b61078191906112de565b9050805f036107a35760405163b5c74a2760e01b815260040160405180910390fd5b463060025f81546107b3906112f1565b91829055506040516107e4939291906020019283526001600160a01b03919091166020830152604082015260600190565b604051602081830303815290604052805190602001209450336001600160a01b03168b6001600160a01b0316867f18bb9d41a3187ec126d669be0eb1950d12b522cbdb41cd49620ccc8e43650656848d8d8d8d604051610848959493929190611309565b60405180910390a45050505061086a60015f5160206113425f395f51905f5255565b9695505050505050565b5f6060805f5f5f6060610885610b72565b61088d610ba2565b604080515f80825260208201909252600f60f81b9b939a50919850469750309650945092509050565b6108be61097b565b6108ed7f2330c6573125a9ad62b8ae3f261064b8dde4d45441fa99208e3c70b3096199d9878787878787610a1a565b6109016001600160a01b0386168585610bcd565b836001600160a01b0316856001600160a01b0316877ff841af1340fe1d6814e6ec7893c8cc8939c12ee8d084afe073c5b10dc8fc794c8660405161055591815260200190565b5f6001610452565b5f6105b961095b610c02565b8360405161190160f01b8152600281019290925260228201526042902090565b610983610d2b565b60025f5160206113425f395f51905f5255565b5f8181526003602052604090205460ff1660018160028111156109bb576109bb611005565b036109e15760405163d1d36dcd60e01b8152600481018390526024015b60405180910390fd5b60028160028111156109f5576109f5611005565b03610a16576040516302e9360560e41b8152600481018390526024016109d8565b5050565b610a2386610996565b825f03610a4357604051631f2a200560e01b815260040160405180910390fd5b6001600160a01b0385161580610a6057506001600160a01b038416155b15610a7e5760405163d92e233d60e01b815260040160405180910390fd5b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fb0fe3f4610ac9898989898960405160200161033a9594939291906111b8565b84846040518463ffffffff1660e01b8152600401610ae99392919061120c565b5f6040518083038186803b158015610aff575f5ffd5b505afa158015610b11573d5f5f3e3d5ffd5b5050505f9687525050600360205250506040909220805460ff19166001179055505050565b610b44848484846001610d5c565b610b6c57604051635274afe760e01b81526001600160a01b03851660048201526024016109d8565b50505050565b6060610b9d7f0000000000000000000000000000000000000000000000000000000000000000610dc9565b905090565b6060610b9d7f0000000000000000000000000000000000000000000000000000000000000000610dc9565b610bda8383836001610e06565b61044957604051635274afe760e01b81526001600160a01b03841660048201526024016109d8565b5f306001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016148015610c5a57507f000000000000000000000000000000000000000000000000000000000000000046145b15610c8457507f000000000000000000000000000000000000000000000000000000000000000090565b610b9d604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b5f5160206113425f395f51905f5254600203610d5a57604051633ee5aeb560e01b815260040160405180910390fd5b565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316610db8578383151615610dac573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b60605f610dd583610e68565b6040805160208082528183019092529192505f91906020820181803683375050509182525060208101929092525090565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f51148316610e5c578383151615610e50573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b5f60ff8216601f8111156105b957604051632cd44ac360e21b815260040160405180910390fd5b80356001600160a01b0381168114610ea5575f5ffd5b919050565b5f5f5f5f60808587031215610ebd575f5ffd5b84359350610ecd60208601610e8f565b9250610edb60408601610e8f565b9396929550929360600135925050565b5f5f83601f840112610efb575f5ffd5b50813567ffffffffffffffff811115610f12575f5ffd5b6020830191508360208260051b8501011115610f2c575f5ffd5b9250929050565b5f5f5f60408486031215610f45575f5ffd5b83359250602084013567ffffffffffffffff811115610f62575f5ffd5b610f6e86828701610eeb565b9497909650939450505050565b5f60208284031215610f8b575f5ffd5b5035919050565b5f5f5f5f5f5f60a08789031215610fa7575f5ffd5b86359550610fb760208801610e8f565b9450610fc560408801610e8f565b935060608701359250608087013567ffffffffffffffff811115610fe7575f5ffd5b610ff389828a01610eeb565b979a9699509497509295939492505050565b634e487b7160e01b5f52602160045260245ffd5b602081016003831061103957634e487b7160e01b5f52602160045260245ffd5b91905290565b5f5f83601f84011261104f575f5ffd5b50813567ffffffffffffffff811115611066575f5ffd5b602083019150836020828501011115610f2c575f5ffd5b5f5f5f5f5f5f60808789031215611092575f5ffd5b61109b87610e8f565b955060208701359450604087013567ffffffffffffffff8111156110bd575f5ffd5b6110c989828a0161103f565b909550935050606087013567ffffffffffffffff8111156110e8575f5ffd5b610ff389828a0161103f565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b60ff60f81b8816815260e060208201525f61114060e08301896110f4565b828103604084015261115281896110f4565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b818110156111a7578351835260209384019390920191600101611189565b50909b9a5050505050505050505050565b94855260208501939093526001600160a01b039182166040850152166060830152608082015260a00190565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b83815260406020820181905281018290525f6060600584901b830181019083018583601e1936839003015b878210156112a557868503605f190184528235818112611255575f5ffd5b890160208101903567ffffffffffffffff811115611271575f5ffd5b80360382131561127f575f5ffd5b61128a8782846111e4565b96505050602083019250602084019350600182019150611237565b509298975050505050505050565b5f602082840312156112c3575f5ffd5b5051919050565b634e487b7160e01b5f52601160045260245ffd5b818103818111156105b9576105b96112ca565b5f60018201611302576113026112ca565b5060010190565b858152606060208201525f6113226060830186886111e4565b82810360408401526113358185876111e4565b9897505050505050505056fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a264697066735822122016c05a08ddf4f31f7ec335cc4aa96c830ae64fc6433b5d3277fb160e2ade196764736f6c63430008250033",
}

// BridgeVault is an auto generated Go binding around an Ethereum contract.
type BridgeVault struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BridgeVault) GetABI() abi.ABI {
	return c.abi
}

// NewBridgeVault creates a new instance of BridgeVault.
func NewBridgeVault() *BridgeVault {
	parsed, err := BridgeVaultMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BridgeVault{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BridgeVault) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address signers_) returns()
func (bridgeVault *BridgeVault) PackConstructor(signers_ common.Address) []byte {
	enc, err := bridgeVault.abi.Pack("", signers_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackCANCELTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73fca6ea.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function CANCEL_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) PackCANCELTYPEHASH() []byte {
	enc, err := bridgeVault.abi.Pack("CANCEL_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCANCELTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x73fca6ea.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function CANCEL_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackCANCELTYPEHASH() ([]byte, error) {
	return bridgeVault.abi.Pack("CANCEL_TYPEHASH")
}

// UnpackCANCELTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x73fca6ea.
//
// Solidity: function CANCEL_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackCANCELTYPEHASH(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("CANCEL_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackMAXACCOUNTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff1ce69d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_ACCOUNT_LENGTH() view returns(uint256)
func (bridgeVault *BridgeVault) PackMAXACCOUNTLENGTH() []byte {
	enc, err := bridgeVault.abi.Pack("MAX_ACCOUNT_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXACCOUNTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xff1ce69d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_ACCOUNT_LENGTH() view returns(uint256)
func (bridgeVault *BridgeVault) TryPackMAXACCOUNTLENGTH() ([]byte, error) {
	return bridgeVault.abi.Pack("MAX_ACCOUNT_LENGTH")
}

// UnpackMAXACCOUNTLENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xff1ce69d.
//
// Solidity: function MAX_ACCOUNT_LENGTH() view returns(uint256)
func (bridgeVault *BridgeVault) UnpackMAXACCOUNTLENGTH(data []byte) (*big.Int, error) {
	out, err := bridgeVault.abi.Unpack("MAX_ACCOUNT_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXLEDGERLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x50ed383d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_LEDGER_LENGTH() view returns(uint256)
func (bridgeVault *BridgeVault) PackMAXLEDGERLENGTH() []byte {
	enc, err := bridgeVault.abi.Pack("MAX_LEDGER_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXLEDGERLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x50ed383d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_LEDGER_LENGTH() view returns(uint256)
func (bridgeVault *BridgeVault) TryPackMAXLEDGERLENGTH() ([]byte, error) {
	return bridgeVault.abi.Pack("MAX_LEDGER_LENGTH")
}

// UnpackMAXLEDGERLENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x50ed383d.
//
// Solidity: function MAX_LEDGER_LENGTH() view returns(uint256)
func (bridgeVault *BridgeVault) UnpackMAXLEDGERLENGTH(data []byte) (*big.Int, error) {
	out, err := bridgeVault.abi.Unpack("MAX_LEDGER_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMINTTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf76fc35e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MINT_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) PackMINTTYPEHASH() []byte {
	enc, err := bridgeVault.abi.Pack("MINT_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMINTTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf76fc35e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MINT_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackMINTTYPEHASH() ([]byte, error) {
	return bridgeVault.abi.Pack("MINT_TYPEHASH")
}

// UnpackMINTTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf76fc35e.
//
// Solidity: function MINT_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackMINTTYPEHASH(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("MINT_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRELEASETYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0902df91.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function RELEASE_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) PackRELEASETYPEHASH() []byte {
	enc, err := bridgeVault.abi.Pack("RELEASE_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRELEASETYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0902df91.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function RELEASE_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackRELEASETYPEHASH() ([]byte, error) {
	return bridgeVault.abi.Pack("RELEASE_TYPEHASH")
}

// UnpackRELEASETYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0902df91.
//
// Solidity: function RELEASE_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackRELEASETYPEHASH(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("RELEASE_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCancel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1c873dc7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cancel(bytes32 id, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) PackCancel(id [32]byte, sigs [][]byte) []byte {
	enc, err := bridgeVault.abi.Pack("cancel", id, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCancel is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1c873dc7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cancel(bytes32 id, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) TryPackCancel(id [32]byte, sigs [][]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("cancel", id, sigs)
}

// PackCancelDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5ab30cbe.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cancelDigest(bytes32 id) view returns(bytes32)
func (bridgeVault *BridgeVault) PackCancelDigest(id [32]byte) []byte {
	enc, err := bridgeVault.abi.Pack("cancelDigest", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCancelDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5ab30cbe.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cancelDigest(bytes32 id) view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackCancelDigest(id [32]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("cancelDigest", id)
}

// UnpackCancelDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5ab30cbe.
//
// Solidity: function cancelDigest(bytes32 id) view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackCancelDigest(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("cancelDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackCancelled is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2ac12622.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function cancelled(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) PackCancelled(id [32]byte) []byte {
	enc, err := bridgeVault.abi.Pack("cancelled", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCancelled is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2ac12622.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function cancelled(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) TryPackCancelled(id [32]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("cancelled", id)
}

// UnpackCancelled is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2ac12622.
//
// Solidity: function cancelled(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) UnpackCancelled(data []byte) (bool, error) {
	out, err := bridgeVault.abi.Unpack("cancelled", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackBridgeVaultDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (bridgeVault *BridgeVault) PackBridgeVaultDomain() []byte {
	enc, err := bridgeVault.abi.Pack("eip712Domain")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBridgeVaultDomain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x84b0196e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (bridgeVault *BridgeVault) TryPackBridgeVaultDomain() ([]byte, error) {
	return bridgeVault.abi.Pack("eip712Domain")
}

// BridgeVaultDomainOutput serves as a container for the return parameters of contract
// method BridgeVaultDomain.
type BridgeVaultDomainOutput struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}

// UnpackBridgeVaultDomain is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (bridgeVault *BridgeVault) UnpackBridgeVaultDomain(data []byte) (BridgeVaultDomainOutput, error) {
	out, err := bridgeVault.abi.Unpack("eip712Domain", data)
	outstruct := new(BridgeVaultDomainOutput)
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

// PackExecuted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9fcfb33.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function executed(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) PackExecuted(id [32]byte) []byte {
	enc, err := bridgeVault.abi.Pack("executed", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExecuted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa9fcfb33.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function executed(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) TryPackExecuted(id [32]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("executed", id)
}

// UnpackExecuted is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa9fcfb33.
//
// Solidity: function executed(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) UnpackExecuted(data []byte) (bool, error) {
	out, err := bridgeVault.abi.Unpack("executed", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79e88776.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lock(address token, uint256 amount, string destinationLedger, string destinationAccount) returns(bytes32 id)
func (bridgeVault *BridgeVault) PackLock(token common.Address, amount *big.Int, destinationLedger string, destinationAccount string) []byte {
	enc, err := bridgeVault.abi.Pack("lock", token, amount, destinationLedger, destinationAccount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x79e88776.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lock(address token, uint256 amount, string destinationLedger, string destinationAccount) returns(bytes32 id)
func (bridgeVault *BridgeVault) TryPackLock(token common.Address, amount *big.Int, destinationLedger string, destinationAccount string) ([]byte, error) {
	return bridgeVault.abi.Pack("lock", token, amount, destinationLedger, destinationAccount)
}

// UnpackLock is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x79e88776.
//
// Solidity: function lock(address token, uint256 amount, string destinationLedger, string destinationAccount) returns(bytes32 id)
func (bridgeVault *BridgeVault) UnpackLock(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("lock", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackLockCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b10b6f5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lockCount() view returns(uint256)
func (bridgeVault *BridgeVault) PackLockCount() []byte {
	enc, err := bridgeVault.abi.Pack("lockCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLockCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9b10b6f5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lockCount() view returns(uint256)
func (bridgeVault *BridgeVault) TryPackLockCount() ([]byte, error) {
	return bridgeVault.abi.Pack("lockCount")
}

// UnpackLockCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9b10b6f5.
//
// Solidity: function lockCount() view returns(uint256)
func (bridgeVault *BridgeVault) UnpackLockCount(data []byte) (*big.Int, error) {
	out, err := bridgeVault.abi.Unpack("lockCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c2c4a65.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mint(bytes32 id, address token, address to, uint256 amount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) PackMint(id [32]byte, token common.Address, to common.Address, amount *big.Int, sigs [][]byte) []byte {
	enc, err := bridgeVault.abi.Pack("mint", id, token, to, amount, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x3c2c4a65.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mint(bytes32 id, address token, address to, uint256 amount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) TryPackMint(id [32]byte, token common.Address, to common.Address, amount *big.Int, sigs [][]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("mint", id, token, to, amount, sigs)
}

// PackMintDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1148addb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function mintDigest(bytes32 id, address token, address to, uint256 amount) view returns(bytes32)
func (bridgeVault *BridgeVault) PackMintDigest(id [32]byte, token common.Address, to common.Address, amount *big.Int) []byte {
	enc, err := bridgeVault.abi.Pack("mintDigest", id, token, to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMintDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1148addb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function mintDigest(bytes32 id, address token, address to, uint256 amount) view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackMintDigest(id [32]byte, token common.Address, to common.Address, amount *big.Int) ([]byte, error) {
	return bridgeVault.abi.Pack("mintDigest", id, token, to, amount)
}

// UnpackMintDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x1148addb.
//
// Solidity: function mintDigest(bytes32 id, address token, address to, uint256 amount) view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackMintDigest(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("mintDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa83f4497.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function release(bytes32 id, address token, address to, uint256 amount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) PackRelease(id [32]byte, token common.Address, to common.Address, amount *big.Int, sigs [][]byte) []byte {
	enc, err := bridgeVault.abi.Pack("release", id, token, to, amount, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRelease is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa83f4497.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function release(bytes32 id, address token, address to, uint256 amount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) TryPackRelease(id [32]byte, token common.Address, to common.Address, amount *big.Int, sigs [][]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("release", id, token, to, amount, sigs)
}

// PackReleaseDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c956730.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function releaseDigest(bytes32 id, address token, address to, uint256 amount) view returns(bytes32)
func (bridgeVault *BridgeVault) PackReleaseDigest(id [32]byte, token common.Address, to common.Address, amount *big.Int) []byte {
	enc, err := bridgeVault.abi.Pack("releaseDigest", id, token, to, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReleaseDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c956730.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function releaseDigest(bytes32 id, address token, address to, uint256 amount) view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackReleaseDigest(id [32]byte, token common.Address, to common.Address, amount *big.Int) ([]byte, error) {
	return bridgeVault.abi.Pack("releaseDigest", id, token, to, amount)
}

// UnpackReleaseDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c956730.
//
// Solidity: function releaseDigest(bytes32 id, address token, address to, uint256 amount) view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackReleaseDigest(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("releaseDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackSigners is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x46f0975a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function signers() view returns(address)
func (bridgeVault *BridgeVault) PackSigners() []byte {
	enc, err := bridgeVault.abi.Pack("signers")
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
func (bridgeVault *BridgeVault) TryPackSigners() ([]byte, error) {
	return bridgeVault.abi.Pack("signers")
}

// UnpackSigners is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x46f0975a.
//
// Solidity: function signers() view returns(address)
func (bridgeVault *BridgeVault) UnpackSigners(data []byte) (common.Address, error) {
	out, err := bridgeVault.abi.Unpack("signers", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52ad0d5e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function status(bytes32 ) view returns(uint8)
func (bridgeVault *BridgeVault) PackStatus(arg0 [32]byte) []byte {
	enc, err := bridgeVault.abi.Pack("status", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52ad0d5e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function status(bytes32 ) view returns(uint8)
func (bridgeVault *BridgeVault) TryPackStatus(arg0 [32]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("status", arg0)
}

// UnpackStatus is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x52ad0d5e.
//
// Solidity: function status(bytes32 ) view returns(uint8)
func (bridgeVault *BridgeVault) UnpackStatus(data []byte) (uint8, error) {
	out, err := bridgeVault.abi.Unpack("status", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// BridgeVaultCancelled represents a Cancelled event raised by the BridgeVault contract.
type BridgeVaultCancelled struct {
	Id  [32]byte
	Raw *types.Log // Blockchain specific contextual infos
}

const BridgeVaultCancelledEventName = "Cancelled"

// ContractEventName returns the user-defined event name.
func (BridgeVaultCancelled) ContractEventName() string {
	return BridgeVaultCancelledEventName
}

// UnpackCancelledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Cancelled(bytes32 indexed id)
func (bridgeVault *BridgeVault) UnpackCancelledEvent(log *types.Log) (*BridgeVaultCancelled, error) {
	event := "Cancelled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridgeVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeVaultCancelled)
	if len(log.Data) > 0 {
		if err := bridgeVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridgeVault.abi.Events[event].Inputs {
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

// BridgeVaultEIP712DomainChanged represents a EIP712DomainChanged event raised by the BridgeVault contract.
type BridgeVaultEIP712DomainChanged struct {
	Raw *types.Log // Blockchain specific contextual infos
}

const BridgeVaultEIP712DomainChangedEventName = "EIP712DomainChanged"

// ContractEventName returns the user-defined event name.
func (BridgeVaultEIP712DomainChanged) ContractEventName() string {
	return BridgeVaultEIP712DomainChangedEventName
}

// UnpackEIP712DomainChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EIP712DomainChanged()
func (bridgeVault *BridgeVault) UnpackEIP712DomainChangedEvent(log *types.Log) (*BridgeVaultEIP712DomainChanged, error) {
	event := "EIP712DomainChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridgeVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeVaultEIP712DomainChanged)
	if len(log.Data) > 0 {
		if err := bridgeVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridgeVault.abi.Events[event].Inputs {
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

// BridgeVaultLocked represents a Locked event raised by the BridgeVault contract.
type BridgeVaultLocked struct {
	Id                 [32]byte
	Token              common.Address
	Holder             common.Address
	Amount             *big.Int
	DestinationLedger  string
	DestinationAccount string
	Raw                *types.Log // Blockchain specific contextual infos
}

const BridgeVaultLockedEventName = "Locked"

// ContractEventName returns the user-defined event name.
func (BridgeVaultLocked) ContractEventName() string {
	return BridgeVaultLockedEventName
}

// UnpackLockedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Locked(bytes32 indexed id, address indexed token, address indexed holder, uint256 amount, string destinationLedger, string destinationAccount)
func (bridgeVault *BridgeVault) UnpackLockedEvent(log *types.Log) (*BridgeVaultLocked, error) {
	event := "Locked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridgeVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeVaultLocked)
	if len(log.Data) > 0 {
		if err := bridgeVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridgeVault.abi.Events[event].Inputs {
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

// BridgeVaultMinted represents a Minted event raised by the BridgeVault contract.
type BridgeVaultMinted struct {
	Id     [32]byte
	Token  common.Address
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const BridgeVaultMintedEventName = "Minted"

// ContractEventName returns the user-defined event name.
func (BridgeVaultMinted) ContractEventName() string {
	return BridgeVaultMintedEventName
}

// UnpackMintedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Minted(bytes32 indexed id, address indexed token, address indexed to, uint256 amount)
func (bridgeVault *BridgeVault) UnpackMintedEvent(log *types.Log) (*BridgeVaultMinted, error) {
	event := "Minted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridgeVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeVaultMinted)
	if len(log.Data) > 0 {
		if err := bridgeVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridgeVault.abi.Events[event].Inputs {
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

// BridgeVaultReleased represents a Released event raised by the BridgeVault contract.
type BridgeVaultReleased struct {
	Id     [32]byte
	Token  common.Address
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const BridgeVaultReleasedEventName = "Released"

// ContractEventName returns the user-defined event name.
func (BridgeVaultReleased) ContractEventName() string {
	return BridgeVaultReleasedEventName
}

// UnpackReleasedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Released(bytes32 indexed id, address indexed token, address indexed to, uint256 amount)
func (bridgeVault *BridgeVault) UnpackReleasedEvent(log *types.Log) (*BridgeVaultReleased, error) {
	event := "Released"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridgeVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeVaultReleased)
	if len(log.Data) > 0 {
		if err := bridgeVault.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range bridgeVault.abi.Events[event].Inputs {
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
func (bridgeVault *BridgeVault) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["AlreadyExecuted"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackAlreadyExecutedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["BadDestination"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackBadDestinationError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["NothingReceived"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackNothingReceivedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["ReentrancyGuardReentrantCall"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackReentrancyGuardReentrantCallError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["SafeERC20FailedOperation"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackSafeERC20FailedOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["StringTooLong"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackStringTooLongError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["TransferCancelled"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackTransferCancelledError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["ZeroAmount"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackZeroAmountError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BridgeVaultAlreadyExecuted represents a AlreadyExecuted error raised by the BridgeVault contract.
type BridgeVaultAlreadyExecuted struct {
	Id [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyExecuted(bytes32 id)
func BridgeVaultAlreadyExecutedErrorID() common.Hash {
	return common.HexToHash("0xd1d36dcdd13e27a710468d93929966a66095c6515a6f9579031383c57bc5cfac")
}

// UnpackAlreadyExecutedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyExecuted(bytes32 id)
func (bridgeVault *BridgeVault) UnpackAlreadyExecutedError(raw []byte) (*BridgeVaultAlreadyExecuted, error) {
	out := new(BridgeVaultAlreadyExecuted)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "AlreadyExecuted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultBadDestination represents a BadDestination error raised by the BridgeVault contract.
type BridgeVaultBadDestination struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadDestination()
func BridgeVaultBadDestinationErrorID() common.Hash {
	return common.HexToHash("0x83b1982b25928bf1995fafff2f3823b2e02181fc7a41e367befc65777b3db3c5")
}

// UnpackBadDestinationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadDestination()
func (bridgeVault *BridgeVault) UnpackBadDestinationError(raw []byte) (*BridgeVaultBadDestination, error) {
	out := new(BridgeVaultBadDestination)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "BadDestination", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultInvalidShortString represents a InvalidShortString error raised by the BridgeVault contract.
type BridgeVaultInvalidShortString struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidShortString()
func BridgeVaultInvalidShortStringErrorID() common.Hash {
	return common.HexToHash("0xb3512b0c6163e5f0bafab72bb631b9d58cd7a731b082f910338aa21c83d5c274")
}

// UnpackInvalidShortStringError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidShortString()
func (bridgeVault *BridgeVault) UnpackInvalidShortStringError(raw []byte) (*BridgeVaultInvalidShortString, error) {
	out := new(BridgeVaultInvalidShortString)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "InvalidShortString", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultNothingReceived represents a NothingReceived error raised by the BridgeVault contract.
type BridgeVaultNothingReceived struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingReceived()
func BridgeVaultNothingReceivedErrorID() common.Hash {
	return common.HexToHash("0xb5c74a275db6c4a09f1d71a73712216ab6d7a1b83d11690eaf97fa848e234537")
}

// UnpackNothingReceivedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingReceived()
func (bridgeVault *BridgeVault) UnpackNothingReceivedError(raw []byte) (*BridgeVaultNothingReceived, error) {
	out := new(BridgeVaultNothingReceived)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "NothingReceived", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultReentrancyGuardReentrantCall represents a ReentrancyGuardReentrantCall error raised by the BridgeVault contract.
type BridgeVaultReentrancyGuardReentrantCall struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReentrancyGuardReentrantCall()
func BridgeVaultReentrancyGuardReentrantCallErrorID() common.Hash {
	return common.HexToHash("0x3ee5aeb571de7fc460830b4d0017439a1ca56fb0bc39062227ade4fe4a24c1ca")
}

// UnpackReentrancyGuardReentrantCallError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReentrancyGuardReentrantCall()
func (bridgeVault *BridgeVault) UnpackReentrancyGuardReentrantCallError(raw []byte) (*BridgeVaultReentrancyGuardReentrantCall, error) {
	out := new(BridgeVaultReentrancyGuardReentrantCall)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "ReentrancyGuardReentrantCall", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultSafeERC20FailedOperation represents a SafeERC20FailedOperation error raised by the BridgeVault contract.
type BridgeVaultSafeERC20FailedOperation struct {
	Token common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SafeERC20FailedOperation(address token)
func BridgeVaultSafeERC20FailedOperationErrorID() common.Hash {
	return common.HexToHash("0x5274afe73c98b4749fc91ffae6b7b574e7842cb2144a159e9377a5f20b32edf9")
}

// UnpackSafeERC20FailedOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SafeERC20FailedOperation(address token)
func (bridgeVault *BridgeVault) UnpackSafeERC20FailedOperationError(raw []byte) (*BridgeVaultSafeERC20FailedOperation, error) {
	out := new(BridgeVaultSafeERC20FailedOperation)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "SafeERC20FailedOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultStringTooLong represents a StringTooLong error raised by the BridgeVault contract.
type BridgeVaultStringTooLong struct {
	Str string
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error StringTooLong(string str)
func BridgeVaultStringTooLongErrorID() common.Hash {
	return common.HexToHash("0x305a27a93f8e33b7392df0a0f91d6fc63847395853c45991eec52dbf24d72381")
}

// UnpackStringTooLongError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error StringTooLong(string str)
func (bridgeVault *BridgeVault) UnpackStringTooLongError(raw []byte) (*BridgeVaultStringTooLong, error) {
	out := new(BridgeVaultStringTooLong)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "StringTooLong", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultTransferCancelled represents a TransferCancelled error raised by the BridgeVault contract.
type BridgeVaultTransferCancelled struct {
	Id [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TransferCancelled(bytes32 id)
func BridgeVaultTransferCancelledErrorID() common.Hash {
	return common.HexToHash("0x2e936050b1807500251bb54605979b74ee4e0e31a0fcba9f12b51d99496c20fa")
}

// UnpackTransferCancelledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TransferCancelled(bytes32 id)
func (bridgeVault *BridgeVault) UnpackTransferCancelledError(raw []byte) (*BridgeVaultTransferCancelled, error) {
	out := new(BridgeVaultTransferCancelled)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "TransferCancelled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultZeroAddress represents a ZeroAddress error raised by the BridgeVault contract.
type BridgeVaultZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func BridgeVaultZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (bridgeVault *BridgeVault) UnpackZeroAddressError(raw []byte) (*BridgeVaultZeroAddress, error) {
	out := new(BridgeVaultZeroAddress)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// BridgeVaultZeroAmount represents a ZeroAmount error raised by the BridgeVault contract.
type BridgeVaultZeroAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAmount()
func BridgeVaultZeroAmountErrorID() common.Hash {
	return common.HexToHash("0x1f2a2005cb66a8e145327e8814e243a0996aec9bfe1e15a495778b1236dbd485")
}

// UnpackZeroAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAmount()
func (bridgeVault *BridgeVault) UnpackZeroAmountError(raw []byte) (*BridgeVaultZeroAmount, error) {
	out := new(BridgeVaultZeroAmount)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "ZeroAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}
