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
	ABI: "[{\"inputs\":[{\"internalType\":\"contractRelaySigners\",\"name\":\"signers_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"AlreadyExecuted\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadDestination\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"InsufficientUserAllowance\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingReceived\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"received\",\"type\":\"uint256\"}],\"name\":\"ReceivedOtherAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"TransferCancelled\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAmount\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"Cancelled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"Locked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Minted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"burned\",\"type\":\"bool\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"Pulled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Released\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"UserApproval\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"BURN_FROM_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"CANCEL_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"LOCK_FROM_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_ACCOUNT_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_LEDGER_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MINT_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"RELEASE_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"approveUser\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"burnFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"burnFromDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"cancel\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"cancelDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"cancelled\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"executed\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"lock\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lockCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"lockFrom\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"string\",\"name\":\"destinationLedger\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"destinationAccount\",\"type\":\"string\"}],\"name\":\"lockFromDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"mint\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"mintDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"pulled\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"},{\"internalType\":\"bytes[]\",\"name\":\"sigs\",\"type\":\"bytes[]\"}],\"name\":\"release\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"releaseDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"signers\",\"outputs\":[{\"internalType\":\"contractRelaySigners\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"name\":\"status\",\"outputs\":[{\"internalType\":\"enumBridgeVault.Status\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"user\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"userAllowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "BridgeVault",
	Bin: "0x610180604052348015610010575f5ffd5b5060405161217b38038061217b83398101604081905261002f916101c5565b6040518060400160405280600f81526020016e10dbd8dbd09c9a5919d955985d5b1d608a1b815250604051806040016040528060018152602001603160f81b8152506100808261017f60201b60201c565b6101205261008d8161017f565b61014052815160208084019190912060e052815190820120610100524660a05261011960e05161010051604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201529081019290925260608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60805250503060c05260017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00556001600160a01b03811661016d5760405163d92e233d60e01b815260040160405180910390fd5b6001600160a01b03166101605261024d565b5f5f829050601f815111156101b2578260405163305a27a960e01b81526004016101a991906101f2565b60405180910390fd5b80516101bd82610227565b179392505050565b5f602082840312156101d5575f5ffd5b81516001600160a01b03811681146101eb575f5ffd5b9392505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b80516020808301519190811015610247575f198160200360031b1b821691505b50919050565b60805160a05160c05160e05161010051610120516101405161016051611ebe6102bd5f395f8181610298015281816107a201528181610ffc015261130c01525f61145b01525f61142b01525f61162b01525f61160301525f61155e01525f61158801525f6115b20152611ebe5ff3fe608060405234801561000f575f5ffd5b50600436106101a1575f3560e01c80635c956730116100f3578063a9fcfb3311610093578063d74bae611161006e578063d74bae6114610413578063f76fc35e1461043a578063f7ab8fd414610461578063ff1ce69d14610474575f5ffd5b8063a9fcfb33146103c6578063b352abce146103d9578063c8478c8e146103ec575f5ffd5b806379e88776116100ce57806379e887761461037c57806384b0196e1461038f5780639b10b6f5146103aa578063a83f4497146103b3575f5ffd5b80635c9567301461032f5780635d64e3fb1461034257806373fca6ea14610355575f5ffd5b80632d31dab81161015e57806350ed383d1161013957806350ed383d146102d257806352ad0d5e146102da57806354abd220146103095780635ab30cbe1461031c575f5ffd5b80632d31dab8146102505780633c2c4a651461028057806346f0975a14610293575f5ffd5b80630902df91146101a55780630aa6e5e8146101df5780630e05c556146101f45780631148addb146102075780631c873dc71461021a5780632ac126221461022d575b5f5ffd5b6101cc7f2330c6573125a9ad62b8ae3f261064b8dde4d45441fa99208e3c70b3096199d981565b6040519081526020015b60405180910390f35b6101f26101ed3660046117e2565b61047d565b005b6101f26102023660046118c0565b61069d565b6101cc6102153660046118f3565b61072e565b6101f2610228366004611934565b61078f565b61024061023b36600461197c565b61087f565b60405190151581526020016101d6565b6101cc61025e366004611993565b600460209081525f938452604080852082529284528284209052825290205481565b6101f261028e3660046119cc565b6108ae565b6102ba7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020016101d6565b6101cc604081565b6102fc6102e836600461197c565b60036020525f908152604090205460ff1681565b6040516101d69190611a53565b6101cc610317366004611a79565b6109ae565b6101cc61032a36600461197c565b610a1b565b6101cc61033d3660046118f3565b610a5f565b61024061035036600461197c565b610a9c565b6101cc7fb1e8fef04690f48fdc90305d037ba656b227307e77c3c8ce4d7cea6b6f9dc3ae81565b6101cc61038a366004611b26565b610aa4565b610397610d1c565b6040516101d69796959493929190611bcb565b6101cc60025481565b6101f26103c13660046119cc565b610d5e565b6102406103d436600461197c565b610def565b6101cc6103e7366004611a79565b610df7565b6101cc7f4e150342d5435007bf3635958dc01fe6039afff6e4f5ed75a98b62f6953bf5ad81565b6101cc7f1f3842ba325b66d88f3ab267fd08b86a6e5f08be222f62f048556844a5a3ad2a81565b6101cc7f5c46a85ca4f31cc973ee246c9495ee027e83d68f9fb418f8081551a9e8dfc6c581565b6101f261046f3660046117e2565b610e31565b6101cc61010081565b610485610f24565b61049186868686610f3f565b6104b16104a58c8c8c8c8c8c8c8c8c6109ae565b8c8c8c8c8c8888610f81565b6040516370a0823160e01b81523060048201525f906001600160a01b038c16906370a0823190602401602060405180830381865afa1580156104f5573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906105199190611c61565b90506105306001600160a01b038c168b308b611130565b6040516370a0823160e01b81523060048201525f9082906001600160a01b038e16906370a0823190602401602060405180830381865afa158015610576573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061059a9190611c61565b6105a49190611c8c565b90508881146105d55760405163c621f4f760e01b8152600481018a9052602481018290526044015b60405180910390fd5b8a6001600160a01b03168c6001600160a01b03168e7f18bb9d41a3187ec126d669be0eb1950d12b522cbdb41cd49620ccc8e436506568c8c8c8c8c604051610621959493929190611cc7565b60405180910390a4898b6001600160a01b03168e7fe8e370921cf0cdc2825f7300f36064ef97c9c3dd123c5bfb4797d62b65e425578f8d5f8e8e8e8e6040516106709796959493929190611cff565b60405180910390a4505061069060015f516020611e695f395f51905f5255565b5050505050505050505050565b6001600160a01b0382166106c45760405163d92e233d60e01b815260040160405180910390fd5b335f81815260046020908152604080832087845282528083206001600160a01b03871680855290835292819020859055518481529192869290917f50f7f62ff34c91b9e61326ee689f1cb0de5c9212667e12f8dc711db32e470661910160405180910390a4505050565b5f6107867f5c46a85ca4f31cc973ee246c9495ee027e83d68f9fb418f8081551a9e8dfc6c58686868660405160200161076b959493929190611d41565b6040516020818303038152906040528051906020012061116c565b95945050505050565b610797610f24565b6107a083611198565b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fb0fe3f46107d885610a1b565b84846040518463ffffffff1660e01b81526004016107f893929190611d6d565b5f6040518083038186803b15801561080e575f5ffd5b505afa158015610820573d5f5f3e3d5ffd5b5050505f84815260036020526040808220805460ff19166002179055518592507fbaa1eb22f2a492ba1a5fea61b8df4d27c6c8b5f3971e63bb58fa14ff72eedb709190a261087a60015f516020611e695f395f51905f5255565b505050565b5f60025b5f8381526003602081905260409091205460ff16908111156108a7576108a7611a3f565b1492915050565b6108b6610f24565b6108e57f5c46a85ca4f31cc973ee246c9495ee027e83d68f9fb418f8081551a9e8dfc6c5878787878787611234565b6040516340c10f1960e01b81526001600160a01b038581166004830152602482018590528616906340c10f19906044015f604051808303815f87803b15801561092c575f5ffd5b505af115801561093e573d5f5f3e3d5ffd5b50505050836001600160a01b0316856001600160a01b0316877f754e9989487f664406f6fbbf83aa42bd064e274ab3818f5ef5e610f09bdf30eb8660405161098891815260200190565b60405180910390a46109a660015f516020611e695f395f51905f5255565b505050505050565b5f610a0d7f4e150342d5435007bf3635958dc01fe6039afff6e4f5ed75a98b62f6953bf5ad8b8b8b8b8b8b8b6040516109e8929190611e14565b60405180910390208a8a604051610a00929190611e14565b60405180910390206113c3565b9a9950505050505050505050565b604080517fb1e8fef04690f48fdc90305d037ba656b227307e77c3c8ce4d7cea6b6f9dc3ae60208201529081018290525f90610a599060600161076b565b92915050565b5f6107867f2330c6573125a9ad62b8ae3f261064b8dde4d45441fa99208e3c70b3096199d98686868660405160200161076b959493929190611d41565b5f6003610883565b5f610aad610f24565b855f03610acd57604051631f2a200560e01b815260040160405180910390fd5b6001600160a01b038716610af45760405163d92e233d60e01b815260040160405180910390fd5b8382811580610b035750604082115b80610b0c575080155b80610b18575061010081115b15610b36576040516383b1982b60e01b815260040160405180910390fd5b6040516370a0823160e01b81523060048201525f906001600160a01b038b16906370a0823190602401602060405180830381865afa158015610b7a573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610b9e9190611c61565b9050610bb56001600160a01b038b1633308c611130565b6040516370a0823160e01b81523060048201525f9082906001600160a01b038d16906370a0823190602401602060405180830381865afa158015610bfb573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610c1f9190611c61565b610c299190611c8c565b9050805f03610c4b5760405163b5c74a2760e01b815260040160405180910390fd5b463060025f8154610c5b90611e23565b9182905550604051610c8c939291906020019283526001600160a01b03919091166020830152604082015260600190565b604051602081830303815290604052805190602001209450336001600160a01b03168b6001600160a01b0316867f18bb9d41a3187ec126d669be0eb1950d12b522cbdb41cd49620ccc8e43650656848d8d8d8d604051610cf0959493929190611cc7565b60405180910390a450505050610d1260015f516020611e695f395f51905f5255565b9695505050505050565b5f6060805f5f5f6060610d2d611424565b610d35611454565b604080515f80825260208201909252600f60f81b9b939a50919850469750309650945092509050565b610d66610f24565b610d957f2330c6573125a9ad62b8ae3f261064b8dde4d45441fa99208e3c70b3096199d9878787878787611234565b610da96001600160a01b038616858561147f565b836001600160a01b0316856001600160a01b0316877ff841af1340fe1d6814e6ec7893c8cc8939c12ee8d084afe073c5b10dc8fc794c8660405161098891815260200190565b5f6001610883565b5f610a0d7f1f3842ba325b66d88f3ab267fd08b86a6e5f08be222f62f048556844a5a3ad2a8b8b8b8b8b8b8b6040516109e8929190611e14565b610e39610f24565b610e4586868686610f3f565b610e596104a58c8c8c8c8c8c8c8c8c610df7565b896001600160a01b0316637b09a0f68a898e8a8a8a8a6040518863ffffffff1660e01b8152600401610e919796959493929190611e3b565b5f604051808303815f87803b158015610ea8575f5ffd5b505af1158015610eba573d5f5f3e3d5ffd5b5050505087896001600160a01b03168c7fe8e370921cf0cdc2825f7300f36064ef97c9c3dd123c5bfb4797d62b65e425578d8b60018c8c8c8c604051610f069796959493929190611cff565b60405180910390a461069060015f516020611e695f395f51905f5255565b610f2c6114b4565b60025f516020611e695f395f51905f5255565b8281811580610f4e5750604082115b80610f57575080155b80610f63575061010081115b156109a6576040516383b1982b60e01b815260040160405180910390fd5b610f8a87611198565b825f03610faa57604051631f2a200560e01b815260040160405180910390fd5b6001600160a01b0386161580610fc757506001600160a01b038516155b15610fe55760405163d92e233d60e01b815260040160405180910390fd5b604051633ec3f8fd60e21b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169063fb0fe3f490611035908b9086908690600401611d6d565b5f6040518083038186803b15801561104b575f5ffd5b505afa15801561105d573d5f5f3e3d5ffd5b505050506001600160a01b038581165f9081526004602090815260408083208884528252808320938a1683529290522054838110156110d75760405163203d2d6160e21b81526001600160a01b0380881660048301526024820187905288166044820152606481018290526084810185905260a4016105cc565b6110e18482611c8c565b6001600160a01b039687165f90815260046020908152604080832098835297815287822099909816815297875285882055505050938352600391829052909120805460ff191690911790555050565b61113e8484848460016114e5565b61116657604051635274afe760e01b81526001600160a01b03851660048201526024016105cc565b50505050565b5f610a59611178611552565b8360405161190160f01b8152600281019290925260228201526042902090565b5f8181526003602052604090205460ff1660018160038111156111bd576111bd611a3f565b14806111da575060038160038111156111d8576111d8611a3f565b145b156111fb5760405163d1d36dcd60e01b8152600481018390526024016105cc565b600281600381111561120f5761120f611a3f565b03611230576040516302e9360560e41b8152600481018390526024016105cc565b5050565b5f8681526003602052604090205460ff16600181600381111561125957611259611a3f565b0361127a5760405163d1d36dcd60e01b8152600481018890526024016105cc565b600281600381111561128e5761128e611a3f565b036112af576040516302e9360560e41b8152600481018890526024016105cc565b835f036112cf57604051631f2a200560e01b815260040160405180910390fd5b6001600160a01b03861615806112ec57506001600160a01b038516155b1561130a5760405163d92e233d60e01b815260040160405180910390fd5b7f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031663fb0fe3f46113558a8a8a8a8a60405160200161076b959493929190611d41565b85856040518463ffffffff1660e01b815260040161137593929190611d6d565b5f6040518083038186803b15801561138b575f5ffd5b505afa15801561139d573d5f5f3e3d5ffd5b5050505f9788525050600360205250506040909320805460ff1916600117905550505050565b60408051602081018a90529081018890526001600160a01b0380881660608301528616608082015260a0810185905260c0810184905260e0810183905261010081018290525f90611417906101200161076b565b9998505050505050505050565b606061144f7f000000000000000000000000000000000000000000000000000000000000000061167b565b905090565b606061144f7f000000000000000000000000000000000000000000000000000000000000000061167b565b61148c83838360016116b8565b61087a57604051635274afe760e01b81526001600160a01b03841660048201526024016105cc565b5f516020611e695f395f51905f52546002036114e357604051633ee5aeb560e01b815260040160405180910390fd5b565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f51148316611541578383151615611535573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b5f306001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161480156115aa57507f000000000000000000000000000000000000000000000000000000000000000046145b156115d457507f000000000000000000000000000000000000000000000000000000000000000090565b61144f604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60605f6116878361171a565b6040805160208082528183019092529192505f91906020820181803683375050509182525060208101929092525090565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f5114831661170e578383151615611702573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b5f60ff8216601f811115610a5957604051632cd44ac360e21b815260040160405180910390fd5b80356001600160a01b0381168114611757575f5ffd5b919050565b5f5f83601f84011261176c575f5ffd5b50813567ffffffffffffffff811115611783575f5ffd5b60208301915083602082850101111561179a575f5ffd5b9250929050565b5f5f83601f8401126117b1575f5ffd5b50813567ffffffffffffffff8111156117c8575f5ffd5b6020830191508360208260051b850101111561179a575f5ffd5b5f5f5f5f5f5f5f5f5f5f5f6101008c8e0312156117fd575f5ffd5b8b359a5061180d60208d01611741565b995061181b60408d01611741565b985060608c0135975060808c0135965060a08c013567ffffffffffffffff811115611844575f5ffd5b6118508e828f0161175c565b90975095505060c08c013567ffffffffffffffff81111561186f575f5ffd5b61187b8e828f0161175c565b90955093505060e08c013567ffffffffffffffff81111561189a575f5ffd5b6118a68e828f016117a1565b915080935050809150509295989b509295989b9093969950565b5f5f5f606084860312156118d2575f5ffd5b833592506118e260208501611741565b929592945050506040919091013590565b5f5f5f5f60808587031215611906575f5ffd5b8435935061191660208601611741565b925061192460408601611741565b9396929550929360600135925050565b5f5f5f60408486031215611946575f5ffd5b83359250602084013567ffffffffffffffff811115611963575f5ffd5b61196f868287016117a1565b9497909650939450505050565b5f6020828403121561198c575f5ffd5b5035919050565b5f5f5f606084860312156119a5575f5ffd5b6119ae84611741565b9250602084013591506119c360408501611741565b90509250925092565b5f5f5f5f5f5f60a087890312156119e1575f5ffd5b863595506119f160208801611741565b94506119ff60408801611741565b935060608701359250608087013567ffffffffffffffff811115611a21575f5ffd5b611a2d89828a016117a1565b979a9699509497509295939492505050565b634e487b7160e01b5f52602160045260245ffd5b6020810160048310611a7357634e487b7160e01b5f52602160045260245ffd5b91905290565b5f5f5f5f5f5f5f5f5f60e08a8c031215611a91575f5ffd5b89359850611aa160208b01611741565b9750611aaf60408b01611741565b965060608a0135955060808a0135945060a08a013567ffffffffffffffff811115611ad8575f5ffd5b611ae48c828d0161175c565b90955093505060c08a013567ffffffffffffffff811115611b03575f5ffd5b611b0f8c828d0161175c565b915080935050809150509295985092959850929598565b5f5f5f5f5f5f60808789031215611b3b575f5ffd5b611b4487611741565b955060208701359450604087013567ffffffffffffffff811115611b66575f5ffd5b611b7289828a0161175c565b909550935050606087013567ffffffffffffffff811115611b91575f5ffd5b611a2d89828a0161175c565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b60ff60f81b8816815260e060208201525f611be960e0830189611b9d565b8281036040840152611bfb8189611b9d565b606084018890526001600160a01b038716608085015260a0840186905283810360c0850152845180825260208087019350909101905f5b81811015611c50578351835260209384019390920191600101611c32565b50909b9a5050505050505050505050565b5f60208284031215611c71575f5ffd5b5051919050565b634e487b7160e01b5f52601160045260245ffd5b81810381811115610a5957610a59611c78565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b858152606060208201525f611ce0606083018688611c9f565b8281036040840152611cf3818587611c9f565b98975050505050505050565b60018060a01b0388168152866020820152851515604082015260a060608201525f611d2e60a083018688611c9f565b8281036080840152610a0d818587611c9f565b94855260208501939093526001600160a01b039182166040850152166060830152608082015260a00190565b83815260406020820181905281018290525f6060600584901b830181019083018583601e1936839003015b87821015611e0657868503605f190184528235818112611db6575f5ffd5b890160208101903567ffffffffffffffff811115611dd2575f5ffd5b803603821315611de0575f5ffd5b611deb878284611c9f565b96505050602083019250602084019350600182019150611d98565b509298975050505050505050565b818382375f9101908152919050565b5f60018201611e3457611e34611c78565b5060010190565b60018060a01b038816815286602082015285604082015260a060608201525f611d2e60a083018688611c9f56fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a26469706673582212203885f35c2600beea8f27827b4c0d64e2f805cba4c2047c07266f4f764483a54f64736f6c63430008250033",
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

// PackBURNFROMTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd74bae61.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function BURN_FROM_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) PackBURNFROMTYPEHASH() []byte {
	enc, err := bridgeVault.abi.Pack("BURN_FROM_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBURNFROMTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd74bae61.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function BURN_FROM_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackBURNFROMTYPEHASH() ([]byte, error) {
	return bridgeVault.abi.Pack("BURN_FROM_TYPEHASH")
}

// UnpackBURNFROMTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd74bae61.
//
// Solidity: function BURN_FROM_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackBURNFROMTYPEHASH(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("BURN_FROM_TYPEHASH", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
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

// PackLOCKFROMTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc8478c8e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function LOCK_FROM_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) PackLOCKFROMTYPEHASH() []byte {
	enc, err := bridgeVault.abi.Pack("LOCK_FROM_TYPEHASH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLOCKFROMTYPEHASH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc8478c8e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function LOCK_FROM_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackLOCKFROMTYPEHASH() ([]byte, error) {
	return bridgeVault.abi.Pack("LOCK_FROM_TYPEHASH")
}

// UnpackLOCKFROMTYPEHASH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc8478c8e.
//
// Solidity: function LOCK_FROM_TYPEHASH() view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackLOCKFROMTYPEHASH(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("LOCK_FROM_TYPEHASH", data)
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

// PackApproveUser is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e05c556.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function approveUser(bytes32 user, address token, uint256 amount) returns()
func (bridgeVault *BridgeVault) PackApproveUser(user [32]byte, token common.Address, amount *big.Int) []byte {
	enc, err := bridgeVault.abi.Pack("approveUser", user, token, amount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackApproveUser is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e05c556.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function approveUser(bytes32 user, address token, uint256 amount) returns()
func (bridgeVault *BridgeVault) TryPackApproveUser(user [32]byte, token common.Address, amount *big.Int) ([]byte, error) {
	return bridgeVault.abi.Pack("approveUser", user, token, amount)
}

// PackBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7ab8fd4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burnFrom(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) PackBurnFrom(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string, sigs [][]byte) []byte {
	enc, err := bridgeVault.abi.Pack("burnFrom", id, token, holder, user, amount, destinationLedger, destinationAccount, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurnFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7ab8fd4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burnFrom(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) TryPackBurnFrom(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string, sigs [][]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("burnFrom", id, token, holder, user, amount, destinationLedger, destinationAccount, sigs)
}

// PackBurnFromDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb352abce.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function burnFromDigest(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount) view returns(bytes32)
func (bridgeVault *BridgeVault) PackBurnFromDigest(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string) []byte {
	enc, err := bridgeVault.abi.Pack("burnFromDigest", id, token, holder, user, amount, destinationLedger, destinationAccount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBurnFromDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb352abce.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function burnFromDigest(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount) view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackBurnFromDigest(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string) ([]byte, error) {
	return bridgeVault.abi.Pack("burnFromDigest", id, token, holder, user, amount, destinationLedger, destinationAccount)
}

// UnpackBurnFromDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb352abce.
//
// Solidity: function burnFromDigest(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount) view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackBurnFromDigest(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("burnFromDigest", data)
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

// PackLockFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0aa6e5e8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lockFrom(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) PackLockFrom(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string, sigs [][]byte) []byte {
	enc, err := bridgeVault.abi.Pack("lockFrom", id, token, holder, user, amount, destinationLedger, destinationAccount, sigs)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLockFrom is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0aa6e5e8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lockFrom(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount, bytes[] sigs) returns()
func (bridgeVault *BridgeVault) TryPackLockFrom(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string, sigs [][]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("lockFrom", id, token, holder, user, amount, destinationLedger, destinationAccount, sigs)
}

// PackLockFromDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x54abd220.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lockFromDigest(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount) view returns(bytes32)
func (bridgeVault *BridgeVault) PackLockFromDigest(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string) []byte {
	enc, err := bridgeVault.abi.Pack("lockFromDigest", id, token, holder, user, amount, destinationLedger, destinationAccount)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLockFromDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x54abd220.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lockFromDigest(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount) view returns(bytes32)
func (bridgeVault *BridgeVault) TryPackLockFromDigest(id [32]byte, token common.Address, holder common.Address, user [32]byte, amount *big.Int, destinationLedger string, destinationAccount string) ([]byte, error) {
	return bridgeVault.abi.Pack("lockFromDigest", id, token, holder, user, amount, destinationLedger, destinationAccount)
}

// UnpackLockFromDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x54abd220.
//
// Solidity: function lockFromDigest(bytes32 id, address token, address holder, bytes32 user, uint256 amount, string destinationLedger, string destinationAccount) view returns(bytes32)
func (bridgeVault *BridgeVault) UnpackLockFromDigest(data []byte) ([32]byte, error) {
	out, err := bridgeVault.abi.Unpack("lockFromDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
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

// PackPulled is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d64e3fb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pulled(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) PackPulled(id [32]byte) []byte {
	enc, err := bridgeVault.abi.Pack("pulled", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPulled is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d64e3fb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pulled(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) TryPackPulled(id [32]byte) ([]byte, error) {
	return bridgeVault.abi.Pack("pulled", id)
}

// UnpackPulled is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5d64e3fb.
//
// Solidity: function pulled(bytes32 id) view returns(bool)
func (bridgeVault *BridgeVault) UnpackPulled(data []byte) (bool, error) {
	out, err := bridgeVault.abi.Unpack("pulled", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
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

// PackUserAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d31dab8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function userAllowance(address holder, bytes32 user, address token) view returns(uint256)
func (bridgeVault *BridgeVault) PackUserAllowance(holder common.Address, user [32]byte, token common.Address) []byte {
	enc, err := bridgeVault.abi.Pack("userAllowance", holder, user, token)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUserAllowance is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d31dab8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function userAllowance(address holder, bytes32 user, address token) view returns(uint256)
func (bridgeVault *BridgeVault) TryPackUserAllowance(holder common.Address, user [32]byte, token common.Address) ([]byte, error) {
	return bridgeVault.abi.Pack("userAllowance", holder, user, token)
}

// UnpackUserAllowance is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2d31dab8.
//
// Solidity: function userAllowance(address holder, bytes32 user, address token) view returns(uint256)
func (bridgeVault *BridgeVault) UnpackUserAllowance(data []byte) (*big.Int, error) {
	out, err := bridgeVault.abi.Unpack("userAllowance", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
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

// BridgeVaultPulled represents a Pulled event raised by the BridgeVault contract.
type BridgeVaultPulled struct {
	Id                 [32]byte
	Holder             common.Address
	User               [32]byte
	Token              common.Address
	Amount             *big.Int
	Burned             bool
	DestinationLedger  string
	DestinationAccount string
	Raw                *types.Log // Blockchain specific contextual infos
}

const BridgeVaultPulledEventName = "Pulled"

// ContractEventName returns the user-defined event name.
func (BridgeVaultPulled) ContractEventName() string {
	return BridgeVaultPulledEventName
}

// UnpackPulledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Pulled(bytes32 indexed id, address indexed holder, bytes32 indexed user, address token, uint256 amount, bool burned, string destinationLedger, string destinationAccount)
func (bridgeVault *BridgeVault) UnpackPulledEvent(log *types.Log) (*BridgeVaultPulled, error) {
	event := "Pulled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridgeVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeVaultPulled)
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

// BridgeVaultUserApproval represents a UserApproval event raised by the BridgeVault contract.
type BridgeVaultUserApproval struct {
	Holder common.Address
	User   [32]byte
	Token  common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const BridgeVaultUserApprovalEventName = "UserApproval"

// ContractEventName returns the user-defined event name.
func (BridgeVaultUserApproval) ContractEventName() string {
	return BridgeVaultUserApprovalEventName
}

// UnpackUserApprovalEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event UserApproval(address indexed holder, bytes32 indexed user, address indexed token, uint256 amount)
func (bridgeVault *BridgeVault) UnpackUserApprovalEvent(log *types.Log) (*BridgeVaultUserApproval, error) {
	event := "UserApproval"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != bridgeVault.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(BridgeVaultUserApproval)
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
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["InsufficientUserAllowance"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackInsufficientUserAllowanceError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["InvalidShortString"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackInvalidShortStringError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["NothingReceived"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackNothingReceivedError(raw[4:])
	}
	if bytes.Equal(raw[:4], bridgeVault.abi.Errors["ReceivedOtherAmount"].ID.Bytes()[:4]) {
		return bridgeVault.UnpackReceivedOtherAmountError(raw[4:])
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

// BridgeVaultInsufficientUserAllowance represents a InsufficientUserAllowance error raised by the BridgeVault contract.
type BridgeVaultInsufficientUserAllowance struct {
	Holder    common.Address
	User      [32]byte
	Token     common.Address
	Allowance *big.Int
	Amount    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InsufficientUserAllowance(address holder, bytes32 user, address token, uint256 allowance, uint256 amount)
func BridgeVaultInsufficientUserAllowanceErrorID() common.Hash {
	return common.HexToHash("0x80f4b5846ee149d2f34b58383b3e3a19d38ab31bc8789ec1c9f05cabf3fddaaf")
}

// UnpackInsufficientUserAllowanceError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InsufficientUserAllowance(address holder, bytes32 user, address token, uint256 allowance, uint256 amount)
func (bridgeVault *BridgeVault) UnpackInsufficientUserAllowanceError(raw []byte) (*BridgeVaultInsufficientUserAllowance, error) {
	out := new(BridgeVaultInsufficientUserAllowance)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "InsufficientUserAllowance", raw); err != nil {
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

// BridgeVaultReceivedOtherAmount represents a ReceivedOtherAmount error raised by the BridgeVault contract.
type BridgeVaultReceivedOtherAmount struct {
	Amount   *big.Int
	Received *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ReceivedOtherAmount(uint256 amount, uint256 received)
func BridgeVaultReceivedOtherAmountErrorID() common.Hash {
	return common.HexToHash("0xc621f4f7d86a79a39f702519fa73d6869e378cd423a2f25b4abe537ad4158bdc")
}

// UnpackReceivedOtherAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ReceivedOtherAmount(uint256 amount, uint256 received)
func (bridgeVault *BridgeVault) UnpackReceivedOtherAmountError(raw []byte) (*BridgeVaultReceivedOtherAmount, error) {
	out := new(BridgeVaultReceivedOtherAmount)
	if err := bridgeVault.abi.UnpackIntoInterface(out, "ReceivedOtherAmount", raw); err != nil {
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
